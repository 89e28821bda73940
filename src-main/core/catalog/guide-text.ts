/**
 * Short plain-text version of a guide for the receipt printer: lines of at most 32 (58 mm paper) or
 * 48 (80 mm) columns, a Chinese character taking two columns.
 */
import { describeFee, describeLimit, guideUrl, KIND_LABEL, type CatalogItem } from '../../contract/catalog';
import { escpos, wrapColumns } from '../../../native/printer/escpos';

export type ThermalColumns = 32 | 48;

export { wrapColumns };

export interface GuideTextOptions {
  columns: ThermalColumns;
  guideBaseUrl: string;
}

/** The guide's essentials as printable lines (title, type, limits, fee, materials, phone, guide URL). */
export function guideThermalLines(item: CatalogItem, options: GuideTextOptions): string[] {
  const { columns } = options;
  const g = item.guide;
  const rule = '-'.repeat(columns);
  const out: string[] = [];
  const add = (text: string, indent = '') => out.push(...wrapColumns(text, columns, indent));
  add('办事指南（简版）');
  add(`${item.name}`);
  add(`事项编码：${item.code}`);
  out.push(rule);
  add(`办件类型：${KIND_LABEL[item.kind]}`);
  add(`承诺时限：${describeLimit(g.promisedLimit)}`);
  if (g.statutoryLimit) add(`法定时限：${describeLimit(g.statutoryLimit)}`);
  add(`收费：${describeFee(g.fee.amountFen)}`);
  out.push(rule);
  add('申请材料：');
  for (const [i, m] of item.materials.entries()) {
    const flags = [m.originals ? `原件${m.originals}` : '', m.copies ? `复印件${m.copies}` : '', m.required ? '' : '非必需', m.deferrable ? '可容缺' : '']
      .filter(Boolean)
      .join('，');
    add(`${i + 1}.${m.name}（${flags}）`, '  ');
  }
  out.push(rule);
  add(`咨询：${g.enquiryPhone}`);
  add(`投诉：${g.complaintPhone}`);
  add('完整指南：');
  add(guideUrl(options.guideBaseUrl, item.code));
  return out;
}

/** The short guide as ESC/POS bytes for the receipt printer: its lines, the guide's QR code and a cut. */
export function guideThermal(item: CatalogItem, options: GuideTextOptions): Uint8Array {
  const b = escpos().init();
  for (const line of guideThermalLines(item, options)) b.line(line);
  return b.align('center').qr(guideUrl(options.guideBaseUrl, item.code), { moduleSize: 5 }).feed(2).cut({ partial: true }).build();
}
