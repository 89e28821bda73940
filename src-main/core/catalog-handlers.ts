import { CoreError } from '../contract';
import { guideThermal, HANDBOOK_TITLE, renderGuidePdf, renderQrHandbook, type CatalogService } from './catalog';
import type { TerminalConfig } from './config/schema';
import type { Handlers } from './dispatch';
import type { PrinterDevice } from './devices/printer-device';

type CatalogHandlers = Pick<Handlers, 'searchCatalog' | 'catalogSearchIndex' | 'getItem' | 'guidePdf' | 'printGuide' | 'qrHandbookPdf'>;

/** The catalog as the renderer reaches it: search, items, guides on paper and the QR handbook. */
export function createCatalogHandlers(catalog: CatalogService, config: TerminalConfig, printer: PrinterDevice): CatalogHandlers {
  function item(code: string) {
    const found = catalog.getItem(code);
    if (!found) throw new CoreError('not_found', `no catalog item ${code}`, 'error.itemNotFound');
    return found;
  }
  const mainName = (code: string) => catalog.mainItems().find((m) => m.code === code)?.name ?? '';
  return {
    searchCatalog: ({ query, limit }) => catalog.search(query, limit),
    catalogSearchIndex: () => catalog.searchIndex(),
    getItem: ({ code }) => item(code),
    async guidePdf({ code }) {
      const it = item(code);
      const pdf = await renderGuidePdf(it, { mainName: mainName(it.mainCode), guideBaseUrl: config.guideBaseUrl, font: config.documentFont });
      return { fileName: `办事指南-${it.code}.pdf`, mime: 'application/pdf' as const, base64: pdf.toString('base64') };
    },
    async printGuide({ code }) {
      const it = item(code);
      const columns = printer.paperWidth() === '58mm' ? 32 : 48;
      const bytes = guideThermal(it, { columns, guideBaseUrl: config.guideBaseUrl });
      const jobId = `guide:${it.code}:${Date.now()}`;
      return { jobId, state: await printer.print(jobId, bytes) };
    },
    async qrHandbookPdf() {
      const pdf = await renderQrHandbook(
        { version: catalog.version(), mainItems: [...catalog.mainItems()], items: [...catalog.items()], evaluationReasons: [...catalog.evaluationReasons()] },
        { guideBaseUrl: config.guideBaseUrl, font: config.documentFont },
      );
      return { fileName: `${HANDBOOK_TITLE}.pdf`, mime: 'application/pdf' as const, base64: pdf.toString('base64') };
    },
  };
}
