/**
 * Teller-side item search: Chinese substring, full pinyin, pinyin initials, item code and synonyms, ranked.
 * Everything that can be computed ahead (pinyin readings, initials, normalised codes) is computed once in
 * createCatalogSearch, so one keystroke is a scan over short precomputed strings.
 */
import { pinyin } from 'pinyin-pro';
import type { Catalog, CatalogItem, ItemHit, MatchKind } from '../../contract/catalog';

/**
 * Scores by field and match type. The item's own name counts most; an exact synonym (keyword) beats a
 * name prefix, so '退休' finds 正常退休 before 退休人员死亡…; the main item's name counts least.
 */
const SCORE = {
  name: { exact: 900, prefix: 800, inside: 700, inOrder: 400, pinyinExact: 880, pinyinPrefix: 780, pinyinInside: 680, initialsExact: 870, initialsPrefix: 770, initialsInside: 670 },
  keyword: { exact: 850, prefix: 640, inside: 560, inOrder: 320, pinyinExact: 830, pinyinPrefix: 630, pinyinInside: 550, initialsExact: 820, initialsPrefix: 620, initialsInside: 540 },
  main: { exact: 760, prefix: 700, inside: 600, inOrder: 280, pinyinExact: 750, pinyinPrefix: 690, pinyinInside: 590, initialsExact: 740, initialsPrefix: 680, initialsInside: 580 },
} as const;
type FieldKind = keyof typeof SCORE;

/** At most this many pinyin readings per field (polyphonic characters such as 重, 行, 长). */
const MAX_READINGS = 8;

interface Reading {
  /** Full pinyin, syllables joined: 'canbaodengji'. */
  full: string;
  /** Start offset of each syllable in `full`. */
  starts: Set<number>;
  /** Initials: 'cbdj'. */
  initials: string;
}

interface IndexedField {
  kind: FieldKind;
  text: string;
  readings: Reading[];
}

interface IndexedItem {
  item: CatalogItem;
  mainName: string;
  order: number;
  code: string;
  /** Code without separators, lower case: 'si0402'. */
  compactCode: string;
  fields: IndexedField[];
}

const HAN = /\p{Script=Han}/u;

/** Readings of single characters, shared by all fields (pinyin-pro lookups are the slow part). */
const charReadings = new Map<string, string[]>();

function readingsOfChar(c: string): string[] {
  let r = charReadings.get(c);
  if (!r) {
    r = pinyin(c, { toneType: 'none', type: 'array', v: true, multiple: true });
    charReadings.set(c, r);
  }
  return r;
}

function syllableOptions(text: string): string[][] {
  const chars = Array.from(text).filter((c) => HAN.test(c));
  if (chars.length === 0) return [];
  const contextual = pinyin(chars.join(''), { toneType: 'none', type: 'array', v: true });
  return chars.map((c, i) => {
    const all = readingsOfChar(c);
    return [...new Set([contextual[i] ?? all[0] ?? '', ...all])].filter(Boolean);
  });
}

function readingsOf(text: string): Reading[] {
  const options = syllableOptions(text);
  if (options.length === 0) return [];
  let combos: string[][] = [[]];
  for (const opts of options) {
    const next: string[][] = [];
    for (const combo of combos) {
      for (const [k, s] of opts.entries()) {
        // Alternatives only while the total stays small; the contextual reading always survives.
        if (k > 0 && combos.length * opts.length > MAX_READINGS) break;
        next.push([...combo, s]);
      }
    }
    combos = next;
  }
  return combos.map((syllables) => {
    const starts = new Set<number>();
    let full = '';
    for (const s of syllables) {
      starts.add(full.length);
      full += s;
    }
    return { full, starts, initials: syllables.map((s) => s[0]).join('') };
  });
}

function indexItem(item: CatalogItem, mainName: string, order: number, cache: Map<string, Reading[]>): IndexedItem {
  const field = (kind: FieldKind, text: string): IndexedField => {
    let readings = cache.get(text);
    if (!readings) {
      readings = readingsOf(text);
      cache.set(text, readings);
    }
    return { kind, text: normalize(text), readings };
  };
  return {
    item,
    mainName,
    order,
    code: item.code.toLowerCase(),
    compactCode: item.code.replace(/-/g, '').toLowerCase(),
    fields: [field('name', item.name), ...item.keywords.map((k) => field('keyword', k)), field('main', mainName)],
  };
}

/** Full-width to half-width, lower case, no white space: the same for queries and indexed text. */
function normalize(text: string): string {
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
function matchText(q: string, f: IndexedField): Match | null {
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
function matchPinyin(q: string, f: IndexedField): Match | null {
  const t = SCORE[f.kind];
  let best: Match | null = null;
  for (const r of f.readings) {
    if (r.full === q) best = better(best, { score: t.pinyinExact, by: 'pinyin' });
    else if (r.full.startsWith(q)) best = better(best, { score: t.pinyinPrefix, by: 'pinyin' });
    else {
      for (let at = r.full.indexOf(q, 1); at > 0; at = r.full.indexOf(q, at + 1)) {
        if (r.starts.has(at)) {
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

function matchCode(q: string, compactQ: string, it: IndexedItem): Match | null {
  if (it.code === q || it.compactCode === compactQ) return { score: 1000, by: 'code' };
  if (compactQ.length >= 2 && it.compactCode.startsWith(compactQ) && /\d/.test(compactQ)) return { score: 950 - (it.compactCode.length - compactQ.length), by: 'code' };
  return null;
}

export interface CatalogSearch {
  search(query: string, limit?: number): ItemHit[];
}

/** Builds the search index for a catalog (pinyin is computed here, once). */
export function createCatalogSearch(catalog: Catalog): CatalogSearch {
  const mainNames = new Map(catalog.mainItems.map((m) => [m.code, m.name]));
  const cache = new Map<string, Reading[]>();
  const indexed = catalog.items.map((item, i) => indexItem(item, mainNames.get(item.mainCode) ?? '', i, cache));

  function search(query: string, limit = 10): ItemHit[] {
    const q = normalize(query);
    if (!q) return [];
    const compactQ = q.replace(/[-_.]/g, '');
    const latin = /^[a-z']+$/.test(q);
    const pinyinQ = q.replace(/'/g, '').replace(/ü/g, 'v');
    const codeLike = /^(si|mi|tax)[-_.]?\d/.test(q) || /^(si|mi|tax)$/.test(q);
    const hits: { it: IndexedItem; m: Match }[] = [];
    for (const it of indexed) {
      let m: Match | null = codeLike ? matchCode(q, compactQ, it) : null;
      if (!m || m.score < 1000) {
        for (const f of it.fields) {
          m = better(m, latin ? matchPinyin(pinyinQ, f) : matchText(q, f));
        }
      }
      if (codeLike && !m && /^(si|mi|tax)$/.test(q) && it.compactCode.startsWith(q)) m = { score: 500, by: 'code' };
      if (m) hits.push({ it, m });
    }
    hits.sort((a, b) => b.m.score - a.m.score || a.it.order - b.it.order);
    return hits.slice(0, limit).map(({ it, m }) => ({
      code: it.item.code,
      name: it.item.name,
      mainName: it.mainName,
      kind: it.item.kind,
      endpoint: it.item.endpoint,
      score: Math.round(m.score * 10) / 10,
      matchedBy: m.by,
    }));
  }

  return { search };
}
