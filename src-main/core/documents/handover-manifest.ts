/**
 * 代跑腿材料交接清单: the A4 list a teller hands to the courier with the day's paper materials. One row per
 * case with its case number as a CODE128 barcode (scanned on receipt at the back office), a summary by
 * item, and signature lines for the handing teller and the receiver. Rows never split across pages; the
 * table head repeats on every page.
 */
import { createA4, finish, numberPages, type Pdf } from '../catalog/pdf-kit';
import { code128Modules, drawCode128 } from './code128';
import {
  chineseDate, contentBox, COPY_MARK, cornerMarker, ensureSpace, fieldTable, INK, markAsCopy, MUTED, RULE, sectionTitle,
  type DocumentPdfOptions,
} from './pdf-parts';

export const HANDOVER_TITLE = '代跑腿材料交接清单';

export interface HandoverCase {
  /** Case number from the back office (only submitted cases join a batch), printed as CODE128. */
  caseNo: string;
  itemCode: string;
  itemName: string;
  /** Already masked, e.g. '林**'. */
  applicantNameMasked: string;
  /** Number of paper materials (sheets/documents) in the envelope. */
  paperMaterials: number;
}

export interface HandoverManifestData {
  batchId: string;
  /** Batch number from the back office; null while the batch has not been sent. */
  batchNo: string | null;
  /** YYYY-MM-DD */
  date: string;
  branchCode: string;
  tellerId: string;
  /** Courier company and waybill, or the name of the person carrying the materials. */
  courier: string;
  cases: HandoverCase[];
  /** Reprint: marked 副本 COPY. */
  copy?: boolean;
}

export interface HandoverSummaryLine {
  itemCode: string;
  itemName: string;
  cases: number;
  paperMaterials: number;
}

/** Counts per item, sorted by item code. */
export function handoverSummary(cases: readonly HandoverCase[]): HandoverSummaryLine[] {
  const by = new Map<string, HandoverSummaryLine>();
  for (const c of cases) {
    const line = by.get(c.itemCode) ?? { itemCode: c.itemCode, itemName: c.itemName, cases: 0, paperMaterials: 0 };
    line.cases += 1;
    line.paperMaterials += c.paperMaterials;
    by.set(c.itemCode, line);
  }
  return [...by.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode));
}

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

const CASE_COLUMNS: Column[] = [
  { title: '序号', width: 30, align: 'center' },
  { title: '受理编号', width: 172 },
  { title: '事项', width: 169 },
  { title: '申请人', width: 50, align: 'center' },
  { title: '材料份数', width: 46, align: 'center' },
  { title: '核收', width: 32, align: 'center' },
];

const SUMMARY_COLUMNS: Column[] = [
  { title: '事项编码', width: 80 },
  { title: '事项名称', width: 259 },
  { title: '件数', width: 70, align: 'center' },
  { title: '纸质材料份数', width: 90, align: 'center' },
];

const BAR_HEIGHT = 24;
const PAD = 4;
/** Widest module used for the case barcodes (points); narrower only when a long number must fit its column. */
const MAX_MODULE = 1;

function headRow(doc: Pdf, cols: readonly Column[]): void {
  const { left } = contentBox(doc);
  doc.fontSize(9);
  const h = Math.max(...cols.map((c) => doc.heightOfString(c.title, { width: c.width - 2 * PAD }))) + 2 * PAD;
  const y = doc.y;
  let x = left;
  for (const c of cols) {
    doc.rect(x, y, c.width, h).lineWidth(0.6).fillAndStroke('#eeeeee', RULE);
    doc.fillColor(MUTED).text(c.title, x + PAD, y + PAD, { width: c.width - 2 * PAD, align: 'center' });
    x += c.width;
  }
  doc.fillColor(INK);
  doc.x = left;
  doc.y = y + h;
}

/** Cell borders and texts of one row of height h at doc.y; `draw` may add graphics per column. */
function bodyRow(doc: Pdf, cols: readonly Column[], cells: readonly string[], h: number, draw?: (col: number, x: number, y: number) => void): void {
  const { left } = contentBox(doc);
  const y = doc.y;
  let x = left;
  cols.forEach((c, i) => {
    doc.rect(x, y, c.width, h).lineWidth(0.6).strokeColor(RULE).stroke();
    const text = cells[i] ?? '';
    if (text) {
      const th = doc.heightOfString(text, { width: c.width - 2 * PAD });
      doc.fillColor(INK).text(text, x + PAD, y + (h - th) / 2, { width: c.width - 2 * PAD, align: c.align ?? 'left' });
    }
    draw?.(i, x, y);
    x += c.width;
  });
  doc.x = left;
  doc.y = y + h;
}

function caseRowHeight(doc: Pdf, c: HandoverCase): number {
  doc.fontSize(9);
  const item = doc.heightOfString(`${c.itemCode}\n${c.itemName}`, { width: CASE_COLUMNS[2]!.width - 2 * PAD });
  return Math.max(BAR_HEIGHT + 14 + 2 * PAD, item + 2 * PAD);
}

function caseRow(doc: Pdf, index: number, c: HandoverCase, h: number): void {
  doc.fontSize(9);
  const barCol = CASE_COLUMNS[1]!;
  const cells = [String(index + 1), '', `${c.itemCode}\n${c.itemName}`, c.applicantNameMasked, String(c.paperMaterials), ''];
  bodyRow(doc, CASE_COLUMNS, cells, h, (col, x, y) => {
    if (col === 1) {
      const room = barCol.width - 2 * PAD;
      const moduleWidth = Math.min(MAX_MODULE, room / code128Modules(c.caseNo));
      const drawn = drawCode128(doc, c.caseNo, x + PAD, y + PAD, { moduleWidth, height: BAR_HEIGHT });
      doc.fontSize(8).fillColor(INK).text(c.caseNo, x + PAD, y + PAD + BAR_HEIGHT + 2, { width: drawn, align: 'center', lineBreak: false });
      doc.fontSize(9);
    } else if (col === 5) {
      const s = 10;
      doc.rect(x + (CASE_COLUMNS[5]!.width - s) / 2, y + (h - s) / 2, s, s).lineWidth(0.8).strokeColor(INK).stroke();
    }
  });
}

function pageHeaderContinued(doc: Pdf, d: HandoverManifestData): void {
  doc.fontSize(10).fillColor(MUTED).text(`${HANDOVER_TITLE}（续）  批次 ${d.batchNo ?? d.batchId}  ${chineseDate(d.date)}`, contentBox(doc).left, doc.y);
  doc.fillColor(INK).moveDown(0.4);
}

/** Renders the manifest as an A4 PDF (Chinese font embedded, numbered pages). */
export async function handoverManifestPdf(d: HandoverManifestData, options: DocumentPdfOptions = {}): Promise<Buffer> {
  const batchRef = d.batchNo ?? '待回传';
  const doc = createA4(options.font, { title: `${HANDOVER_TITLE} ${d.batchNo ?? d.batchId}` });
  if (d.copy) {
    markAsCopy(doc);
    cornerMarker(doc, COPY_MARK);
  }
  const { left, width } = contentBox(doc);
  const paper = d.cases.reduce((n, c) => n + c.paperMaterials, 0);

  doc.fontSize(20).fillColor(INK).text(HANDOVER_TITLE, left, doc.y, { width, align: 'center', characterSpacing: 3 });
  doc.moveDown(0.6);
  fieldTable(
    doc,
    [
      ['批次号', batchRef],
      ['交接日期', chineseDate(d.date)],
      ['网点', d.branchCode],
      ['移交柜员', d.tellerId],
      ['接收人', d.courier],
      ['件数 / 材料', `${d.cases.length} 件 / ${paper} 份`],
    ],
    { pairs: 2 },
  );
  fieldTable(doc, [['批次标识', d.batchId]]);

  // Keep a section title with its table head and first row.
  ensureSpace(doc, 110);
  sectionTitle(doc, '交接明细');
  headRow(doc, CASE_COLUMNS);
  d.cases.forEach((c, i) => {
    const h = caseRowHeight(doc, c);
    if (doc.y + h > contentBox(doc).bottom) {
      doc.addPage();
      pageHeaderContinued(doc, d);
      headRow(doc, CASE_COLUMNS);
    }
    caseRow(doc, i, c, h);
  });

  ensureSpace(doc, 90);
  sectionTitle(doc, '分事项汇总');
  headRow(doc, SUMMARY_COLUMNS);
  const summary = handoverSummary(d.cases);
  const rows = [
    ...summary.map((s) => [s.itemCode, s.itemName, String(s.cases), String(s.paperMaterials)]),
    ['合计', '', String(d.cases.length), String(paper)],
  ];
  for (const r of rows) {
    doc.fontSize(9);
    const h = doc.heightOfString(r[1] || ' ', { width: SUMMARY_COLUMNS[1]!.width - 2 * PAD }) + 2 * PAD;
    if (doc.y + h > contentBox(doc).bottom) {
      doc.addPage();
      pageHeaderContinued(doc, d);
      headRow(doc, SUMMARY_COLUMNS);
    }
    bodyRow(doc, SUMMARY_COLUMNS, r, h);
  }

  ensureSpace(doc, 150);
  doc.moveDown(1).fontSize(10).fillColor(INK);
  doc.text(`经双方当面清点，上列 ${d.cases.length} 件、纸质材料共 ${paper} 份交接无误。`, left, doc.y, { width });
  doc.moveDown(1.5);
  const y = doc.y;
  const half = width / 2;
  const sign = (x: number, role: string, who: string): void => {
    doc.fontSize(10).fillColor(INK).text(`${role}：${who}`, x, y, { width: half - 16 });
    doc.text('签字：', x, y + 34);
    doc.moveTo(x + 34, y + 46).lineTo(x + half - 24, y + 46).lineWidth(0.6).strokeColor(INK).stroke();
    doc.text('时间：', x, y + 64);
    doc.moveTo(x + 34, y + 76).lineTo(x + half - 24, y + 76).lineWidth(0.6).strokeColor(INK).stroke();
  };
  sign(left, '移交柜员', d.tellerId);
  sign(left + half, '接收人（快递/专人）', d.courier);
  doc.x = left;
  doc.y = y + 90;

  numberPages(doc, `${HANDOVER_TITLE} 批次 ${batchRef}`);
  return finish(doc);
}
