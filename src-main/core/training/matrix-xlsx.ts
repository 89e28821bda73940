import type ExcelJSModule from 'exceljs';
import { lazyRequire } from '../util/lazy-require';

const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');
import { dayOf, stageCounts, STAGE_LABEL, type Matrix } from './matrix';
import { MATRIX_TITLE } from './matrix-pdf';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const;
export const SUMMARY_SHEET = '汇总';

/** A China calendar date as a spreadsheet date (midnight UTC, so the day is the same wherever it is opened). */
const asDate = (iso: string | null): Date | null => {
  const day = dayOf(iso);
  return day ? new Date(`${day}T00:00:00Z`) : null;
};

const DATE_FORMAT = 'yyyy-mm-dd';

/** Sheet columns from [header, key, width, number format?]. */
const columns = (list: [header: string, key: string, width: number, numFmt?: string][]): Partial<ExcelJSModule.Column>[] =>
  list.map(([header, key, width, numFmt]) => ({ header, key, width, ...(numFmt ? { style: { numFmt } } : {}) }));

/**
 * The mentor's matrix as a workbook: a summary sheet (one row per teller) and a sheet per teller with a row per item:
 * the stage as text, clean runs as a number, the questions, and the dates (studied, practised, signed off) as dates.
 */
export async function renderMatrixXlsx(m: Matrix, opts: { branchCode: string; now: Date }): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'OneWindow 一窗通';
  wb.title = MATRIX_TITLE;
  wb.created = opts.now;

  const summary = wb.addWorksheet(SUMMARY_SHEET);
  summary.columns = columns([
    ['柜员', 'teller', 12],
    ['事项数', 'items', 10],
    ['已签字', 'signed', 10],
    ['已练熟待签字', 'practised', 14],
    ['学习中', 'studied', 10],
    ['未开始', 'new', 10],
    ['完成比例', 'share', 10, '0%'],
  ]);
  for (const t of m.tellers) {
    const c = stageCounts(m, t);
    summary.addRow({ teller: t, items: m.items.length, signed: c.signed_off, practised: c.practised, studied: c.studied, new: c.new, share: m.items.length ? c.signed_off / m.items.length : 0 });
  }
  summary.addRow([]);
  summary.addRow([`网点 ${opts.branchCode}`, m.filterText ? `筛选：${m.filterText}` : '筛选：全部']);

  for (const t of m.tellers) {
    const sheet = wb.addWorksheet(t);
    sheet.columns = columns([
      ['事项编码', 'code', 11],
      ['事项名称', 'name', 36],
      ['主项', 'main', 24],
      ['进度', 'stage', 14],
      ['无差错练习次数', 'cleanRuns', 14],
      ['知识测验', 'quiz', 10],
      ['开始学习', 'studiedAt', 12, DATE_FORMAT],
      ['练熟日期', 'practisedAt', 12, DATE_FORMAT],
      ['签字日期', 'signedOffAt', 12, DATE_FORMAT],
      ['签字导师', 'mentor', 10],
    ]);
    for (const item of m.items) {
      const p = m.cell(t, item.code);
      sheet.addRow({
        code: item.code,
        name: item.name,
        main: `${item.mainCode} ${item.mainName}`,
        stage: STAGE_LABEL[p.stage],
        cleanRuns: p.cleanRuns,
        quiz: p.quizPassed ? '已通过' : '未通过',
        studiedAt: asDate(p.studiedAt),
        practisedAt: asDate(p.practisedAt),
        signedOffAt: asDate(p.signedOffAt),
        mentor: p.signedOffBy ?? '',
      });
    }
    sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 2 }];
    sheet.autoFilter = { from: 'A1', to: 'J1' };
  }
  for (const sheet of wb.worksheets) sheet.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
