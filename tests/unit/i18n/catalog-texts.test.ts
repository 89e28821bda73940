import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { setLocale, tCatalog } from '../../../src-renderer/i18n';

const CJK = /[\u4e00-\u9fff]/;
afterEach(() => setLocale('zh-CN'));

describe("texts of the catalog's data", () => {
  it("say every evaluation reason of the catalog in English, and in Chinese the catalog's own words", () => {
    const reasons = loadCatalog().evaluationReasons;
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(tCatalog(`rating.reason.${r.code}`, r.label)).toBe(r.label);
    // A catalog update may reword a reason: Chinese follows the catalog, not the UI's copy.
    expect(tCatalog('rating.reason.E01', '新措辞')).toBe('新措辞');
    setLocale('en');
    for (const r of reasons) expect(tCatalog(`rating.reason.${r.code}`, r.label)).not.toMatch(CJK);
    // A reason the UI has no words for (a newer catalog) keeps the catalog's.
    expect(tCatalog('rating.reason.E99', '新原因')).toBe('新原因');
  });
});
