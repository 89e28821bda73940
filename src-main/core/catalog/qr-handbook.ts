/**
 * 《办事指南二维码手册》: one printable A4 PDF with a QR code for every sub-item, pointing at the public guide
 * page (`guideBaseUrl` + item code), grouped by main item — what the branches post on their walls.
 */
import { guideUrl, KIND_LABEL, type Catalog } from '../../contract/catalog';
import { createA4, drawQr, finish, numberPages, type CjkFontOptions } from './pdf-kit';

export interface QrHandbookOptions {
  guideBaseUrl: string;
  font?: CjkFontOptions;
  /** Shown on the cover, e.g. '温州市龙湾区人力资源和社会保障局'. */
  publisher?: string;
  /** YYYY-MM-DD shown on the cover. */
  date?: string;
  /** Called for every QR code drawn (page index from 0, position and size in points from the top left). */
  onPlace?: (placement: QrPlacement) => void;
}

export interface QrPlacement {
  code: string;
  url: string;
  page: number;
  x: number;
  y: number;
  size: number;
}

const COLUMNS = 4;
const QR_SIZE = 104;
const CAPTION = 36;

export const HANDBOOK_TITLE = '办事指南二维码手册';

export async function renderQrHandbook(catalog: Catalog, options: QrHandbookOptions): Promise<Buffer> {
  const doc = createA4(options.font, { title: `《${HANDBOOK_TITLE}》` });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const cellW = width / COLUMNS;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  // Cover.
  doc.moveDown(8).fontSize(28).text(`《${HANDBOOK_TITLE}》`, { align: 'center' });
  doc.moveDown(1).fontSize(14).fillColor('#444444').text('“社税银”便民服务 · 最多跑一次', { align: 'center' });
  doc.moveDown(0.5).text(`共 ${catalog.mainItems.length} 个主项 ${catalog.items.length} 个子项，扫码即知办事流程`, { align: 'center' });
  doc.moveDown(4).fontSize(11);
  if (options.publisher) doc.text(options.publisher, { align: 'center' });
  doc.text(`事项目录版本 ${catalog.version}${options.date ? ` · ${options.date}` : ''}`, { align: 'center' }).fillColor('#000000');

  const byMain = new Map<string, Catalog['items']>();
  for (const item of catalog.items) byMain.set(item.mainCode, [...(byMain.get(item.mainCode) ?? []), item]);

  doc.addPage();
  for (const main of catalog.mainItems) {
    const items = byMain.get(main.code) ?? [];
    if (doc.y + 28 + QR_SIZE + CAPTION > bottom()) doc.addPage();
    doc.x = left;
    doc.moveDown(0.4).fontSize(13).fillColor('#1f4e8c').text(`${main.code}  ${main.name}（${items.length}项）`, left, doc.y, { width });
    doc.fillColor('#000000').moveDown(0.3);
    for (let i = 0; i < items.length; i += COLUMNS) {
      if (doc.y + QR_SIZE + CAPTION > bottom()) doc.addPage();
      const y = doc.y;
      items.slice(i, i + COLUMNS).forEach((item, k) => {
        const x = left + k * cellW;
        const url = guideUrl(options.guideBaseUrl, item.code);
        const qrX = x + (cellW - QR_SIZE) / 2;
        drawQr(doc, url, qrX, y, QR_SIZE);
        options.onPlace?.({ code: item.code, url, page: doc.bufferedPageRange().count - 1, x: qrX, y, size: QR_SIZE });
        doc.fontSize(8).text(`${item.code} · ${KIND_LABEL[item.kind]}`, x + 4, y + QR_SIZE + 2, { width: cellW - 8, align: 'center' });
        doc.fontSize(8).text(item.name, x + 4, doc.y, { width: cellW - 8, align: 'center', height: CAPTION - 12, ellipsis: true });
      });
      doc.x = left;
      doc.y = y + QR_SIZE + CAPTION + 6;
    }
  }
  numberPages(doc, `《${HANDBOOK_TITLE}》`);
  return finish(doc);
}
