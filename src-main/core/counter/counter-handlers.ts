import type { Draft } from '../../contract';
import type { ItemSource } from '../cases/case-service';
import type { CatalogService } from '../catalog';
import type { TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';
import type { Handlers } from '../dispatch';
import { createDailyClosing } from './daily-closing';
import { dailyClosingPdf } from './daily-closing-pdf';
import { createReprintLog } from './reprint-log';

type CounterHandlers = Pick<Handlers, 'catalogTree' | 'caseReprints' | 'dailyClosing' | 'closeDay'>;

/** At the counter (issue 19): the catalog listing for 办事指南, the 补打 log of a case, the daily closing. */
export function createCounterHandlers(deps: {
  db: Db;
  config: TerminalConfig;
  catalog: CatalogService;
  items: ItemSource;
  draft: () => Draft | null;
  clock: () => number;
}): CounterHandlers {
  const { db, config, catalog } = deps;
  const reprints = createReprintLog(db);
  const closing = createDailyClosing(deps);
  return {
    catalogTree: () =>
      catalog.mainItems().map((m) => ({
        code: m.code,
        name: m.name,
        items: catalog
          .items()
          .filter((i) => i.mainCode === m.code)
          .map((i) => ({ code: i.code, name: i.name, mainName: m.name, kind: i.kind, endpoint: i.endpoint })),
      })),
    caseReprints: ({ caseId }) => reprints.ofCase(caseId),
    dailyClosing: ({ date }) => closing.summary(date),
    async closeDay({ date }) {
      const { closing: c, copy } = closing.close(date);
      const pdf = await dailyClosingPdf(c, { font: config.documentFont, copy });
      return { fileName: `日终汇总-${c.date}-${c.windowNo}号窗口.pdf`, mime: 'application/pdf' as const, base64: pdf.toString('base64') };
    },
  };
}
