/**
 * The search index of the catalog: everything that can be computed ahead (pinyin readings of every name and
 * synonym, initials, normalised codes) is computed once here, so one keystroke is a scan over short precomputed
 * strings (contract/catalog-search.ts, the matcher the renderer runs on the same index).
 */
import { pinyin } from 'pinyin-pro';
import type { Catalog, CatalogItem, ItemHit } from '../../contract/catalog';
import { normalizeSearchText, searchCatalogIndex, type CatalogSearchIndex, type SearchEntry, type SearchField, type SearchReading } from '../../contract/catalog-search';

/** At most this many pinyin readings per field (polyphonic characters such as 重, 行, 长). */
const MAX_READINGS = 8;

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

function readingsOf(text: string): SearchReading[] {
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
    const starts: number[] = [];
    let full = '';
    for (const s of syllables) {
      starts.push(full.length);
      full += s;
    }
    return { full, starts, initials: syllables.map((s) => s[0]).join('') };
  });
}

function indexItem(item: CatalogItem, mainName: string, cache: Map<string, SearchReading[]>): SearchEntry {
  const field = (kind: SearchField['kind'], text: string): SearchField => {
    let readings = cache.get(text);
    if (!readings) {
      readings = readingsOf(text);
      cache.set(text, readings);
    }
    return { kind, text: normalizeSearchText(text), readings };
  };
  return {
    code: item.code,
    name: item.name,
    mainName,
    kind: item.kind,
    endpoint: item.endpoint,
    lowerCode: item.code.toLowerCase(),
    compactCode: item.code.replace(/-/g, '').toLowerCase(),
    fields: [field('name', item.name), ...item.keywords.map((k) => field('keyword', k)), field('main', mainName)],
  };
}

export interface CatalogSearch {
  search(query: string, limit?: number): ItemHit[];
  /** The index itself, for the renderer to search on every keystroke without a round trip. */
  index(): CatalogSearchIndex;
}

/** Builds the search index for a catalog (pinyin is computed here, once). */
export function createCatalogSearch(catalog: Catalog): CatalogSearch {
  const mainNames = new Map(catalog.mainItems.map((m) => [m.code, m.name]));
  const cache = new Map<string, SearchReading[]>();
  const index: CatalogSearchIndex = { version: catalog.version, entries: catalog.items.map((item) => indexItem(item, mainNames.get(item.mainCode) ?? '', cache)) };
  return {
    search: (query, limit = 10) => searchCatalogIndex(index, query, limit),
    index: () => index,
  };
}
