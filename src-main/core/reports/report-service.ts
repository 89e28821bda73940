/**
 * The 报表 service of one terminal: its figures for a period, the PDF and .xlsx, its signed figures file, and the
 * merge of several terminals' files (this terminal's own key is trusted; others must be pinned in `trustDir`).
 */
import type { KeyObject } from 'node:crypto';
import type { CatalogItem, CatalogMainItem } from '../../contract/catalog';
import type { DocumentFile } from '../../contract/views';
import type { MergeResult, ReportFigures, ReportPeriod } from '../../contract/reports';
import type { CjkFontOptions } from '../catalog/pdf-kit';
import type { Db } from '../db/open';
import { chinaDate, nowIso } from '../util/time';
import { createDayFigures } from './day-figures';
import { FIGURES_FORMAT, loadTrustedKeys, mergeFiguresFiles, publicKeyOf, signFiguresFile } from './figures-file';
import { reportPdf, reportXlsx } from './report-documents';
import { reportFigures, type ReportNames, type TerminalDays } from './report-figures';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReportServiceDeps {
  db: Db;
  terminal: { terminalId: string; branchCode: string; training: boolean };
  catalog: { items(): readonly CatalogItem[]; mainItems(): readonly CatalogMainItem[] };
  /** The terminal's Ed25519 key (made on first use). */
  signingKey: () => KeyObject;
  trustDir: string;
  font?: CjkFontOptions;
  clock?: () => number;
}

export function catalogNames(catalog: ReportServiceDeps['catalog']): ReportNames {
  const items = new Map(catalog.items().map((i) => [i.code, i]));
  const mains = new Map(catalog.mainItems().map((m) => [m.code, m.name]));
  return {
    item(code) {
      const it = items.get(code);
      return it && { name: it.name, mainCode: it.mainCode, material: (m: string) => it.materials.find((x) => x.code === m)?.name };
    },
    mainName: (code) => mains.get(code),
  };
}

export type ReportFormat = 'pdf' | 'xlsx';

export function createReportService(deps: ReportServiceDeps) {
  const { db, terminal } = deps;
  const clock = deps.clock ?? Date.now;
  const days = createDayFigures(db);
  const names = () => catalogNames(deps.catalog);
  const own = (period: ReportPeriod): TerminalDays => ({ terminalId: terminal.terminalId, branchCode: terminal.branchCode, days: days.days(period.from, period.to, terminal.training) });
  const stamp = () => nowIso(clock).replace(/[:.]/g, '-');

  function figures(period: ReportPeriod): ReportFigures {
    return reportFigures({ period, asOf: chinaDate(clock()), training: terminal.training, terminals: [own(period)], names: names() });
  }

  async function document(f: ReportFigures, format: ReportFormat, base: string): Promise<DocumentFile> {
    const bytes = format === 'pdf' ? await reportPdf(f, { font: deps.font, generatedAt: nowIso(clock) }) : await reportXlsx(f);
    return {
      fileName: `${base}-${f.period.from}_${f.period.to}.${format}`,
      mime: format === 'pdf' ? 'application/pdf' : XLSX_MIME,
      base64: bytes.toString('base64'),
    };
  }

  // The warm-up walks back from yesterday one day per step, over the last 400 days, then starts again a day later.
  const WARM_DAYS = 400;
  let warmCursor = 0;
  let warmDoneOn: string | null = null;

  return {
    figures,
    /**
     * One step of the background warm-up of the day cache (call it when the counter is idle): at most one day is
     * computed. False when the sweep is done for today.
     */
    warmStep(): boolean {
      const today = chinaDate(clock());
      if (warmDoneOn === today) return false;
      for (; warmCursor < WARM_DAYS; ) {
        const day = chinaDate(clock() - ++warmCursor * 86_400_000);
        if (days.warm(day, terminal.training)) return true;
      }
      warmCursor = 0;
      warmDoneOn = today;
      return false;
    },
    document: async (period: ReportPeriod, format: ReportFormat) => document(figures(period), format, `report-${terminal.terminalId}`),
    /** This terminal's signed, personal-data-free figures file for a period. */
    figuresFile(period: ReportPeriod): DocumentFile {
      const text = signFiguresFile(
        { format: FIGURES_FORMAT, terminalId: terminal.terminalId, branchCode: terminal.branchCode, training: terminal.training, period, generatedAt: nowIso(clock), days: own(period).days },
        deps.signingKey(),
      );
      return { fileName: `figures-${terminal.terminalId}-${period.from}_${period.to}-${stamp()}.json`, mime: 'application/json', base64: Buffer.from(text).toString('base64') };
    },
    /** Merges figures files (refused ones named with their reason); with a format, the merged report as a document. */
    async merge(files: { name: string; bytes: Buffer }[], format: ReportFormat | null): Promise<{ merge: MergeResult; document: DocumentFile | null }> {
      const trusted = loadTrustedKeys(deps.trustDir);
      trusted.set(terminal.terminalId, publicKeyOf(deps.signingKey()));
      const merged = mergeFiguresFiles(files, trusted);
      const f = reportFigures({ period: merged.period, asOf: chinaDate(clock()), training: merged.training, terminals: merged.terminals, names: names() });
      return { merge: { figures: f, accepted: merged.accepted, refused: merged.refused }, document: format ? await document(f, format, 'report-merged') : null };
    },
  };
}
export type ReportService = ReturnType<typeof createReportService>;
