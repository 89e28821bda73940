/**
 * Teller-side item search over a prepared index: Chinese substring, full pinyin, pinyin initials, item code and
 * synonyms, ranked. The core builds the index (pinyin readings need a dictionary: core/catalog/search.ts) and
 * searches it for `searchCatalog`; the renderer receives the same index once (`catalogSearchIndex`) and runs this
 * same function on every keystroke, so the result list is painted in the frame of the key, with no round trip to
 * the core (npm run bench -- ui-keystroke). Pure: safe to import from the renderer.
 */
import { z } from 'zod';
import { catalogEndpointSchema, itemCodeSchema, itemKindSchema, type ItemHit, type MatchKind } from './catalog';

/**
 * Scores by field and match type. The item's own name counts most; an exact synonym (keyword) beats a
 * name prefix, so '退休' finds 正常退休 before 退休人员死亡…; the main item's name counts least.
 */
const SCORE = {
  name: { exact: 900, prefix: 800, inside: 700, inOrder: 400, pinyinExact: 880, pinyinPrefix: 780, pinyinInside: 680, initialsExact: 870, initialsPrefix: 770, initialsInside: 670 },
  keyword: { exact: 850, prefix: 640, inside: 560, inOrder: 320, pinyinExact: 830, pinyinPrefix: 630, pinyinInside: 550, initialsExact: 820, initialsPrefix: 620, initialsInside: 540 },
  main: { exact: 760, prefix: 700, inside: 600, inOrder: 280, pinyinExact: 750, pinyinPrefix: 690, pinyinInside: 590, initialsExact: 740, initialsPrefix: 680, initialsInside: 580 },
} as const;

const readingSchema = z.object({
  /** Full pinyin, syllables joined: 'canbaodengji'. */
  full: z.string(),
  /** Start offset of each syllable in `full`. */
  starts: z.array(z.number().int().nonnegative()),
  /** Initials: 'cbdj'. */
  initials: z.string(),
});
const fieldSchema = z.object({
  kind: z.enum(['name', 'keyword', 'main']),
  /** The field's text as normalizeSearchText makes it. */
  text: z.string(),
  readings: z.array(readingSchema),
});
const entrySchema = z.object({
  code: itemCodeSchema,
  name: z.string(),
  mainName: z.string(),
  kind: itemKindSchema,
  endpoint: catalogEndpointSchema,
  /** Code lower case: 'si-04-02'; without separators: 'si0402'. */
  lowerCode: z.string(),
  compactCode: z.string(),
  fields: z.array(fieldSchema),
});
/** The search index of one catalog version, in catalog order. */
export const catalogSearchIndexSchema = z.object({ version: z.number().int().min(1), entries: z.array(entrySchema) });
export type CatalogSearchIndex = z.infer<typeof catalogSearchIndexSchema>;
export type SearchEntry = z.infer<typeof entrySchema>;
export type SearchField = z.infer<typeof fieldSchema>;
export type SearchReading = z.infer<typeof readingSchema>;

/** Full-width to half-width, lower case, no white space: the same for queries and indexed text. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

interface Match {
  score: number;
  by: MatchKind;
}

function better(a: Match | null, b: Match | null): Match | null {
  if (!a) return b;
  if (!b) return a;
  return b.score > a.score ? b : a;
}

/** Chinese (or mixed) query against one field: exact, prefix, substring, then characters in order. */
function matchText(q: string, f: SearchField): Match | null {
  const by: MatchKind = f.kind === 'keyword' ? 'keyword' : 'name';
  const t = SCORE[f.kind];
  if (f.text === q) return { score: t.exact, by };
  const pos = f.text.indexOf(q);
  if (pos === 0) return { score: t.prefix, by };
  if (pos > 0) return { score: t.inside - pos * 4, by };
  // Characters in order with gaps: 社保卡挂失 → 社会保障卡临时挂失.
  let count = 0;
  let gaps = 0;
  let last = -1;
  for (const ch of q) {
    const at = f.text.indexOf(ch, last + 1);
    if (at < 0) return null;
    if (last >= 0) gaps += at - last - 1;
    last = at;
    count++;
  }
  return count > 1 ? { score: t.inOrder - gaps * 8, by } : null;
}

/** Latin query against one field's pinyin readings: full pinyin from a syllable start, or initials. */
function matchPinyin(q: string, f: SearchField): Match | null {
  const t = SCORE[f.kind];
  let best: Match | null = null;
  for (const r of f.readings) {
    if (r.full === q) best = better(best, { score: t.pinyinExact, by: 'pinyin' });
    else if (r.full.startsWith(q)) best = better(best, { score: t.pinyinPrefix, by: 'pinyin' });
    else {
      for (let at = r.full.indexOf(q, 1); at > 0; at = r.full.indexOf(q, at + 1)) {
        if (r.starts.includes(at)) {
          best = better(best, { score: t.pinyinInside - at, by: 'pinyin' });
          break;
        }
      }
    }
    if (q.length >= 2) {
      if (r.initials === q) best = better(best, { score: t.initialsExact, by: 'initials' });
      else if (r.initials.startsWith(q)) best = better(best, { score: t.initialsPrefix, by: 'initials' });
      else {
        const at = r.initials.indexOf(q);
        if (at > 0) best = better(best, { score: t.initialsInside - at * 6, by: 'initials' });
      }
    }
  }
  return best;
}

function matchCode(q: string, compactQ: string, e: SearchEntry): Match | null {
  if (e.lowerCode === q || e.compactCode === compactQ) return { score: 1000, by: 'code' };
  if (compactQ.length >= 2 && e.compactCode.startsWith(compactQ) && /\d/.test(compactQ)) return { score: 950 - (e.compactCode.length - compactQ.length), by: 'code' };
  return null;
}

/** The best `limit` hits for `query`, best first (ties in catalog order). */
export function searchCatalogIndex(index: CatalogSearchIndex, query: string, limit = 10): ItemHit[] {
  const q = normalizeSearchText(query);
  if (!q) return [];
  const compactQ = q.replace(/[-_.]/g, '');
  const latin = /^[a-z']+$/.test(q);
  const pinyinQ = q.replace(/'/g, '').replace(/ü/g, 'v');
  const codeLike = /^(si|mi|tax)[-_.]?\d/.test(q) || /^(si|mi|tax)$/.test(q);
  const hits: { e: SearchEntry; order: number; m: Match }[] = [];
  index.entries.forEach((e, order) => {
    let m: Match | null = codeLike ? matchCode(q, compactQ, e) : null;
    if (!m || m.score < 1000) {
      for (const f of e.fields) m = better(m, latin ? matchPinyin(pinyinQ, f) : matchText(q, f));
    }
    if (codeLike && !m && /^(si|mi|tax)$/.test(q) && e.compactCode.startsWith(q)) m = { score: 500, by: 'code' };
    if (m) hits.push({ e, order, m });
  });
  hits.sort((a, b) => b.m.score - a.m.score || a.order - b.order);
  return hits.slice(0, limit).map(({ e, m }) => ({
    code: e.code,
    name: e.name,
    mainName: e.mainName,
    kind: e.kind,
    endpoint: e.endpoint,
    score: Math.round(m.score * 10) / 10,
    matchedBy: m.by,
  }));
}
