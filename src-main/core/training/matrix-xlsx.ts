import ExcelJS from 'exceljs';
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

/**
 * The mentor's matrix as a workbook: a summary sheet (one row per teller) and a sheet per teller with a row per item:
 * the stage as text, clean runs as a number, the questions, and the dates (studied, practised, signed off) as dates.
 */
export async function renderMatrixXlsx(m: Matrix, opts: { branchCode: string; now: Date }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OneWindow 一窗通';
  wb.title = MATRIX_TITLE;
  wb.created = opts.now;

  const summary = wb.addWorksheet(SUMMARY_SHEET);
  summary.columns = [
    { header: '柜员', key: 'teller', width: 12 },
    { header: '事项数', key: 'items', width: 10 },
    { header: '已签字', key: 'signed', width: 10 },
    { header: '已练熟待签字', key: 'practised', width: 14 },
    { header: '学习中', key: 'studied', width: 10 },
    { header: '未开始', key: 'new', width: 10 },
    { header: '完成比例', key: 'share', width: 10, style: { numFmt: '0%' } },
  ];
  for (const t of m.tellers) {
    const c = stageCounts(m, t);
    summary.addRow({ teller: t, items: m.items.length, signed: c.signed_off, practised: c.practised, studied: c.studied, new: c.new, share: m.items.length ? c.signed_off / m.items.length : 0 });
  }
  summary.addRow([]);
  summary.addRow([`网点 ${opts.branchCode}`, m.filterText ? `筛选：${m.filterText}` : '筛选：全部']);

  for (const t of m.tellers) {
    const sheet = wb.addWorksheet(t);
    sheet.columns = [
      { header: '事项编码', key: 'code', width: 11 },
      { header: '事项名称', key: 'name', width: 36 },
      { header: '主项', key: 'main', width: 24 },
      { header: '进度', key: 'stage', width: 14 },
      { header: '无差错练习次数', key: 'cleanRuns', width: 14 },
      { header: '知识测验', key: 'quiz', width: 10 },
      { header: '开始学习', key: 'studiedAt', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: '练熟日期', key: 'practisedAt', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: '签字日期', key: 'signedOffAt', width: 12, style: { numFmt: DATE_FORMAT } },
      { header: '签字导师', key: 'mentor', width: 10 },
    ];
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
