import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { createCatalogSearch } from '../../../src-main/core/catalog/search';
import { catalogSearchIndexSchema, searchCatalogIndex } from '../../../src-main/contract/catalog-search';

const catalog = loadCatalog();
const { search } = createCatalogSearch(catalog);

/** [query, intended first hit, how it should match] */
const CASES: [string, string, string][] = [
  ['参保登记', 'SI-01-01', 'keyword'],
  ['cbdj', 'SI-01-01', 'initials'],
  ['canbaodengji', 'SI-01-01', 'pinyin'],
  ['SI-04-02', 'SI-04-02', 'code'],
  ['mi2704', 'MI-27-04', 'code'],
  ['养老', 'SI-13-01', 'keyword'],
  ['医保', 'MI-23-01', 'keyword'],
  ['社保卡', 'SI-09-01', 'keyword'],
  ['社保卡挂失', 'SI-10-01', 'name'],
  ['急诊', 'MI-27-04', 'name'],
  ['gsrd', 'SI-20-01', 'initials'],
  ['yidijiuyi', 'MI-26-01', 'pinyin'],
  ['shiyejin', 'SI-17-02', 'pinyin'],
  ['改密', 'SI-12-01', 'keyword'],
  ['chongzhi', 'SI-12-02', 'pinyin'],
  ['wszm', 'TAX-32-02', 'initials'],
  ['税银协议', 'TAX-31-05', 'keyword'],
  ['退休', 'SI-13-01', 'keyword'],
  ['jszk', 'SI-09-01', 'initials'],
  ['异地转诊', 'MI-26-03', 'name'],
  ['shengyujintie', 'MI-29-02', 'pinyin'],
];

describe('catalog search', () => {
  it.each(CASES)('%s → %s first', (query, code, by) => {
    const hits = search(query);
    expect(hits[0]?.code).toBe(code);
    expect(hits[0]?.matchedBy).toBe(by);
  });

  it('ranks an exact synonym above a mere name prefix', () => {
    const hits = search('退休').map((h) => h.code);
    expect(hits.indexOf('SI-13-01')).toBeLessThan(hits.indexOf('SI-15-02'));
  });

  it('finds every item by its own name and by its code', () => {
    for (const item of catalog.items) {
      expect(search(item.name)[0]?.code, item.name).toBe(item.code);
      expect(search(item.code.toLowerCase())[0]?.code).toBe(item.code);
    }
  });

  it('keeps finding the intended item while the teller types pinyin initials', () => {
    for (const prefix of ['sbk', 'shebaok', 'shebaoka']) expect(search(prefix).map((h) => h.code)).toContain('SI-09-01');
  });

  it('returns summaries with the main item name, kind and endpoint, within the limit', () => {
    const hits = search('报销', 3);
    expect(hits).toHaveLength(3);
    for (const h of hits) {
      const item = catalog.items.find((i) => i.code === h.code)!;
      expect(h).toMatchObject({ name: item.name, kind: item.kind, endpoint: item.endpoint });
      expect(h.mainName).toBe(catalog.mainItems.find((m) => m.code === item.mainCode)!.name);
    }
  });

  it('returns nothing for an empty or unrelated query', () => {
    expect(search('   ')).toEqual([]);
    expect(search('qqqqxz')).toEqual([]);
    expect(search('咖啡')).toEqual([]);
  });
});

describe('the search index the renderer searches itself', () => {
  const core = createCatalogSearch(catalog);
  // What crosses to the page: JSON, checked against the contract's schema as dispatch checks every answer.
  const shipped = catalogSearchIndexSchema.parse(JSON.parse(JSON.stringify(core.index())));

  it('answers every query exactly as the core does', () => {
    // The test cases, every prefix of them (what a teller has typed so far), every item's name, code and a prefix.
    const queries = new Set<string>();
    for (const [q] of CASES) for (let i = 1; i <= q.length; i++) queries.add(q.slice(0, i));
    for (const it of catalog.items) for (const q of [it.name, it.code, it.code.slice(0, 5), it.name.slice(0, 2), ...it.keywords]) queries.add(q);
    expect(queries.size).toBeGreaterThan(400);
    for (const q of queries) expect(searchCatalogIndex(shipped, q, 10), q).toEqual(core.search(q, 10));
  });

  it('carries the catalog version, so a page holding an older index knows to fetch the new one', () => {
    expect(shipped.version).toBe(catalog.version);
    expect(shipped.entries.map((e) => e.code)).toEqual(catalog.items.map((i) => i.code));
  });
});
