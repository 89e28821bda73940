/**
 * Short plain-text version of a guide for the receipt printer: lines of at most 32 (58 mm paper) or
 * 48 (80 mm) columns, a Chinese character taking two columns.
 */
import { describeFee, describeLimit, guideUrl, KIND_LABEL, type CatalogItem } from '../../contract/catalog';
import { displayWidth } from '../../../native/printer/escpos';

export type ThermalColumns = 32 | 48;

/** Characters that must not begin a line (行首禁则). */
const NO_LINE_START = new Set('）)】」』》〉，,。.、：:；;！!？?'.split(''));

/**
 * Breaks `text` into lines of at most `columns` display columns; continuation lines get `indent`.
 * A closing bracket or punctuation mark never starts a line: the character before it moves down with it.
 */
export function wrapColumns(text: string, columns: number, indent = ''): string[] {
  const out: string[] = [];
  let line: string[] = [];
  let width = 0;
  const indentChars = Array.from(indent);
  for (const ch of text) {
    const w = displayWidth(ch);
    if (width + w > columns) {
      let carry: string[] = [];
      if (NO_LINE_START.has(ch) && line.length > indentChars.length + 1) carry = line.splice(line.length - 1, 1);
      out.push(line.join('').trimEnd());
      line = [...indentChars, ...carry];
      width = displayWidth(line.join(''));
      if (ch === ' ' && carry.length === 0) continue;
    }
    line.push(ch);
    width += w;
  }
  if (line.join('').trim()) out.push(line.join('').trimEnd());
  return out;
}

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
