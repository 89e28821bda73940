import type { Catalog } from '../../contract';
import { untouchedProgress, type MatrixFilter } from '../../contract/training';
import { chinaDate } from '../util/time';
import type { ItemProgress, Stage } from './progress';

/** The stages as printed and exported (the documents are Chinese, like every counter document). */
export const STAGE_LABEL: Record<Stage, string> = { new: '未开始', studied: '学习中', practised: '已练熟待签字', signed_off: '已签字' };

export interface MatrixItem {
  code: string;
  name: string;
  mainCode: string;
  mainName: string;
}

/** The mentor's matrix (tellers × items) after a filter, as the PDF and the workbook show it. */
export interface Matrix {
  tellers: string[];
  items: MatrixItem[];
  /** Where a teller stands with an item (`new` where nothing was recorded). */
  cell(tellerId: string, itemCode: string): ItemProgress;
  /** The filter in words, for the document's head (empty when nothing is filtered). */
  filterText: string;
}

/** China calendar date of a stored timestamp, or null. */
export const dayOf = (iso: string | null): string | null => (iso ? chinaDate(Date.parse(iso)) : null);

/**
 * Builds the matrix from the recorded progress: the tellers are those with any progress (or those the filter names),
 * the items are the catalog's (of one main item when the filter says so), and with `stages` only the items where a
 * shown teller is at one of them are kept.
 */
export function buildMatrix(catalog: Catalog, progress: readonly ItemProgress[], filter: MatrixFilter): Matrix {
  const cells = new Map(progress.map((p) => [`${p.tellerId}\n${p.itemCode}`, p]));
  const cell = (tellerId: string, itemCode: string) => cells.get(`${tellerId}\n${itemCode}`) ?? untouchedProgress(tellerId, itemCode);
  const tellers = filter.tellerIds?.length ? [...new Set(filter.tellerIds)].sort() : [...new Set(progress.map((p) => p.tellerId))].sort();
  const mainName = new Map(catalog.mainItems.map((m) => [m.code, m.name]));
  const stages = filter.stages?.length ? new Set<Stage>(filter.stages) : null;
  const items = catalog.items
    .filter((i) => !filter.mainCode || i.mainCode === filter.mainCode)
    .filter((i) => !stages || tellers.some((t) => stages.has(cell(t, i.code).stage)))
    .map((i) => ({ code: i.code, name: i.name, mainCode: i.mainCode, mainName: mainName.get(i.mainCode) ?? '' }));
  const words = [
    filter.tellerIds?.length ? `柜员 ${tellers.join('、')}` : '',
    filter.mainCode ? `主项 ${filter.mainCode} ${mainName.get(filter.mainCode) ?? ''}`.trim() : '',
    stages ? `进度 ${[...stages].map((s) => STAGE_LABEL[s]).join('、')}` : '',
  ].filter(Boolean);
  return { tellers, items, cell, filterText: words.join('；') };
}

/** Per teller: how many of the shown items are at each stage. */
export function stageCounts(m: Matrix, tellerId: string): Record<Stage, number> {
  const counts: Record<Stage, number> = { new: 0, studied: 0, practised: 0, signed_off: 0 };
  for (const i of m.items) counts[m.cell(tellerId, i.code).stage] += 1;
  return counts;
}
