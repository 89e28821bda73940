/**
 * The report as documents: the leadership's A4 PDF with its charts (echarts rendered on the server as SVG, drawn
 * into pdfkit by svg-to-pdfkit, Chinese font embedded) and the .xlsx workbook (exceljs, one sheet per table,
 * numbers as numbers, days as dates). Counts and codes only: no personal data exists in the figures.
 */
import type * as EchartsModule from 'echarts';
import type ExcelJSModule from 'exceljs';
import type SVGtoPDFFunction from 'svg-to-pdfkit';
import { CHART_NAMES, chartOption, type ChartLabels } from '../../contract/report-charts';
import type { ReportFigures } from '../../contract/reports';
import { createA4, finish, FONT, numberPages, type CjkFontOptions, type Pdf } from '../catalog/pdf-kit';
import { lazyRequire } from '../util/lazy-require';
import { reportTables, type ReportTable } from './report-tables';

// Loaded when a report document is made, not at start-up (see lazy-require.ts).
const echarts = lazyRequire<typeof EchartsModule>('echarts');
const exceljs = lazyRequire<typeof ExcelJSModule>('exceljs');
const svgToPdf = lazyRequire<typeof SVGtoPDFFunction>('svg-to-pdfkit');

export const PDF_CHART_LABELS: ChartLabels = {
  cases: '受理件数',
  immediate: '即办件',
  commitment: '承诺件',
  onSpot: '当场办结',
  immediateNotOnSpot: '即办件（未当场办结）',
  pieLabel: '{b}\n{c}（{d}%）',
  onTime: '按时',
  overdue: '超期',
  trendTitle: '每日受理趋势',
  topItemsTitle: '受理量前十事项',
  immediateTitle: '即办件占比',
  overdueTitle: '承诺件超期情况（按主项）',
};

/** One chart as an SVG string (echarts server-side rendering, no DOM). */
export function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function reportTitle(f: ReportFigures): string {
  const month = f.period.from.endsWith('-01') && f.period.to.slice(0, 7) === f.period.from.slice(0, 7) ? f.period.from.slice(0, 7) : null;
  return `${f.training ? '【培训】' : ''}社税银一体化便民服务 ${month ? `${month} 月度报表` : `报表 ${f.period.from} 至 ${f.period.to}`}`;
}

function drawTable(doc: Pdf, table: ReportTable): void {
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const total = table.columns.reduce((a, c) => a + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * usable);
  const rowH = 14;
  const bottom = () => doc.page.height - doc.page.margins.bottom - rowH;
  if (doc.y > bottom() - 40) doc.addPage();
  doc.moveDown(0.6).fontSize(11).fillColor('#1f4e8c').text(table.title, left).fillColor('#000000').moveDown(0.2);
  const line = (cells: string[], bold: boolean) => {
    if (doc.y > bottom()) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.fontSize(7.5).fillColor(bold ? '#1f4e8c' : '#000000');
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y + 3, { width: widths[i]! - 4, height: rowH - 2, lineBreak: false, ellipsis: true, align: table.columns[i]!.type === 'text' ? 'left' : 'right' });
      x += widths[i]!;
    });
    doc.moveTo(left, y + rowH).lineTo(left + usable, y + rowH).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
    doc.x = left;
    doc.y = y + rowH;
  };
  line(table.columns.map((c) => c.header), true);
  for (const r of table.rows) line(r.map((v, i) => formatCell(v, table.columns[i]!.type)), false);
  doc.fillColor('#000000');
}

function formatCell(v: string | number | null, type: ReportTable['columns'][number]['type']): string {
  if (v === null) return '—';
  if (type === 'share' && typeof v === 'number') return `${(v * 100).toFixed(1)}%`;
  return String(v);
}

/** The A4 report: heading, key figures, the four charts, then every table. */
export async function reportPdf(f: ReportFigures, opts: { font?: CjkFontOptions; generatedAt: string }): Promise<Buffer> {
  const title = reportTitle(f);
  const doc = createA4(opts.font, { title });
  doc.fontSize(16).text(title, { align: 'center' });
  doc
    .moveDown(0.3)
    .fontSize(9)
    .fillColor('#555555')
    .text(`统计期间 ${f.period.from} 至 ${f.period.to}（北京时间），终端 ${f.terminals.length} 台，生成于 ${opts.generatedAt}`, { align: 'center' })
    .fillColor('#000000');
  const t = f.totals;
  doc
    .moveDown(0.6)
    .fontSize(10.5)
    .text(
      `受理登记 ${t.cases} 件，已受理 ${t.accepted} 件（容缺 ${t.deferred} 件），不予受理 ${t.refused} 件；即办件 ${t.immediate} 件，占 ${(t.immediateShare * 100).toFixed(1)}%，当场办结 ${t.onSpot} 件；` +
        `代跑腿交接 ${f.errands.handedOver} 件，后台接收 ${f.errands.received} 件，办结 ${f.errands.decided} 件，送达 ${f.errands.delivered} 件，超期 ${f.errands.overdue} 件；` +
        `办理时长中位数 ${f.handling.medianS ?? '—'} 秒，90 分位 ${f.handling.p90S ?? '—'} 秒。`,
      { lineGap: 3 },
    );
  const left = doc.page.margins.left;
  const w = (doc.page.width - left - doc.page.margins.right - 12) / 2;
  const h = 200;
  let y = doc.y + 12;
  CHART_NAMES.forEach((name, i) => {
    const x = left + (i % 2) * (w + 12);
    if (i === 2) y += h + 10;
    svgToPdf()(doc, chartSvg(chartOption(name, f, PDF_CHART_LABELS), Math.round(w), Math.round(h)), x, y, { width: w, height: h, fontCallback: () => FONT });
  });
  doc.font(FONT);
  doc.x = left;
  doc.y = y + h + 10;
  for (const table of reportTables(f)) drawTable(doc, table);
  numberPages(doc, title);
  return finish(doc);
}

/** The workbook: one sheet per table; ints and shares as numbers, days as dates. */
export async function reportXlsx(f: ReportFigures): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'OneWindow 一窗通';
  for (const table of reportTables(f)) {
    const ws = wb.addWorksheet(table.name);
    ws.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width + 4,
      style: c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.type === 'share' ? { numFmt: '0.0%' } : c.type === 'int' ? { numFmt: '0' } : {},
    }));
    for (const r of table.rows) {
      ws.addRow(r.map((v, i) => (table.columns[i]!.type === 'date' && typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v)));
    }
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
