import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { createCatalogSearch } from '../../../src-main/core/catalog/search';
import { GuideView } from '../../../src-renderer/features/catalog/GuideView';
import { ItemSearchBox } from '../../../src-renderer/features/catalog/ItemSearchBox';
import { navigate, type NavState } from '../../../src-renderer/features/catalog/search-nav';

const catalog = loadCatalog();

describe('keyboard selection in the search list', () => {
  const keys = (state: NavState, ...ks: string[]) => ks.reduce((s, k) => navigate(s, { type: 'key', key: k }).state, state);

  it('moves with the arrows (wrapping), jumps with Home/End and picks with Enter', () => {
    const start = navigate({ active: -1, count: 0 }, { type: 'results', count: 4 }).state;
    expect(start.active).toBe(0);
    expect(keys(start, 'ArrowDown', 'ArrowDown').active).toBe(2);
    expect(keys(start, 'ArrowUp').active).toBe(3);
    expect(keys(start, 'End', 'ArrowDown').active).toBe(0);
    expect(keys(start, 'PageDown').active).toBe(3);
    const at2 = keys(start, 'ArrowDown', 'ArrowDown');
    expect(navigate(at2, { type: 'key', key: 'Enter' }).pick).toBe(2);
  });

  it('clears on Escape, ignores other keys, and resets when results change', () => {
    const s = { active: 2, count: 4 };
    expect(navigate(s, { type: 'key', key: 'Escape' }).clear).toBe(true);
    expect(navigate(s, { type: 'key', key: 'a' }).handled).toBe(false);
    expect(navigate(s, { type: 'results', count: 0 }).state).toEqual({ active: -1, count: 0 });
    expect(navigate({ active: -1, count: 0 }, { type: 'key', key: 'Enter' }).pick).toBeNull();
  });

  it('picks the intended item for "cbdj" when the teller just presses Enter', () => {
    const { search } = createCatalogSearch(catalog);
    const hits = search('cbdj');
    const state = navigate({ active: -1, count: 0 }, { type: 'results', count: hits.length }).state;
    expect(hits[navigate(state, { type: 'key', key: 'Enter' }).pick!]!.code).toBe('SI-01-01');
  });
});

describe('guide view', () => {
  it('shows every guide section of an item', () => {
    const item = catalog.items.find((i) => i.code === 'MI-27-04')!;
    const html = renderToString(createElement(GuideView, { item, mainName: '医疗费用手工报销', guideUrl: 'https://rsj.longwan.example/guide/MI-27-04' }));
    for (const s of ['急诊医疗费用报销', '承诺办结时限', '20个工作日', '30个工作日', '设定依据', '受理条件', '申请材料', '疾病诊断证明书', '可容缺', '办理流程', '常见问题', '12345', 'guide/MI-27-04']) {
      expect(html).toContain(s);
    }
  });

  it('renders the search box as an ARIA combobox', () => {
    const html = renderToString(createElement(ItemSearchBox, { search: () => [], onSelect: () => undefined }));
    expect(html).toContain('role="combobox"');
    expect(html).toContain('cbdj');
  });
});
