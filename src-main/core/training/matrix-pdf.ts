import { createA4, finish, numberPages, type CjkFontOptions, type Pdf } from '../catalog/pdf-kit';
import { chineseDate, contentBox, fieldTable, INK, MUTED, RULE, sectionTitle } from '../documents/pdf-parts';
import { dayOf, stageCounts, type Matrix } from './matrix';
import type { ItemProgress } from './progress';

export const MATRIX_TITLE = '师徒培训逐项考核表';

/** Teller columns side by side on one A4 page; more tellers continue in a further block. */
const TELLERS_PER_BLOCK = 6;

/** A cell in a few characters: the sign-off date, or where the teller stands. */
export function cellText(p: ItemProgress): string {
  switch (p.stage) {
    case 'signed_off':
      return `已签 ${dayOf(p.signedOffAt)!.slice(5)}`;
    case 'practised':
      return '练熟';
    case 'studied':
      return '学习';
    default:
      return '';
  }
}

const CELL_FILL: Record<ItemProgress['stage'], string | null> = { signed_off: '#dff0d8', practised: '#fcf1d9', studied: '#e6f0fa', new: null };

/** One bordered row at doc.y; when it does not fit, a new page first and `onBreak` (the header row again). */
function tableRow(doc: Pdf, cells: { text: string; width: number; fill?: string | null }[], opts: { header?: boolean; onBreak?: () => void } = {}): void {
  const { left, bottom } = contentBox(doc);
  doc.fontSize(8);
  const h = Math.max(...cells.map((c) => doc.heightOfString(c.text || ' ', { width: c.width - 6 }))) + 6;
  if (doc.y + h > bottom) {
    doc.addPage();
    opts.onBreak?.();
    doc.fontSize(8);
  }
  const y = doc.y;
  let x = left;
  for (const c of cells) {
    const fill = opts.header ? '#f2f2f2' : c.fill;
    if (fill) doc.rect(x, y, c.width, h).lineWidth(0.5).fillAndStroke(fill, RULE);
    else doc.rect(x, y, c.width, h).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.fillColor(opts.header ? MUTED : INK).text(c.text, x + 3, y + 3, { width: c.width - 6 });
    x += c.width;
  }
  doc.x = left;
  doc.y = y + h;
}

/**
 * The mentor's matrix on A4: the filter and a summary per teller, then the items down the page and the tellers across
 * (six to a block), each cell the sign-off date or the stage; the header row repeats on every page.
 */
export async function renderMatrixPdf(m: Matrix, opts: { branchCode: string; today: string; font?: CjkFontOptions | undefined }): Promise<Buffer> {
  const doc = createA4(opts.font, { title: MATRIX_TITLE });
  const { left, width } = contentBox(doc);
  doc.fillColor(INK).fontSize(18).text(MATRIX_TITLE, left, doc.y, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.4).fontSize(9).fillColor(MUTED);
  doc.text(`网点 ${opts.branchCode}    制表日期 ${chineseDate(opts.today)}    事项 ${m.items.length} 项    柜员 ${m.tellers.length} 人`, { width, align: 'center' });
  doc.text(`筛选：${m.filterText || '全部'}`, { width, align: 'center' });
  doc.text('图例：已签 月-日 = 导师签字日期；练熟 = 已练熟待导师签字；学习 = 学习中；空白 = 未开始', { width, align: 'center' });
  doc.fillColor(INK);

  sectionTitle(doc, '一、柜员进度汇总');
  if (m.tellers.length === 0) doc.fontSize(10).text('还没有柜员开始练习。');
  fieldTable(
    doc,
    m.tellers.map((t) => {
      const c = stageCounts(m, t);
      const share = m.items.length ? Math.round((c.signed_off / m.items.length) * 100) : 0;
      return [t, `已签字 ${c.signed_off} / ${m.items.length}（${share}%）  已练熟待签字 ${c.practised}  学习中 ${c.studied}  未开始 ${c.new}`] as const;
    }),
    { labelWidth: 80 },
  );

  const codeW = 52;
  for (let b = 0; b < m.tellers.length; b += TELLERS_PER_BLOCK) {
    const block = m.tellers.slice(b, b + TELLERS_PER_BLOCK);
    const tellerW = Math.min(64, (width - codeW - 150) / block.length);
    const nameW = width - codeW - tellerW * block.length;
    const header = () => tableRow(doc, [{ text: '事项编码', width: codeW }, { text: '事项名称', width: nameW }, ...block.map((t) => ({ text: t, width: tellerW }))], { header: true });
    sectionTitle(doc, `二、逐项考核${m.tellers.length > TELLERS_PER_BLOCK ? `（柜员 ${b + 1}–${b + block.length}）` : ''}`);
    header();
    for (const item of m.items) {
      tableRow(doc, [
        { text: item.code, width: codeW },
        { text: item.name, width: nameW },
        ...block.map((t) => {
          const p = m.cell(t, item.code);
          return { text: cellText(p), width: tellerW, fill: CELL_FILL[p.stage] };
        }),
      ], { onBreak: header });
    }
  }
  numberPages(doc, MATRIX_TITLE);
  return finish(doc);
}
