import { afterEach, describe, expect, it } from 'vitest';
import { indexCatalog, loadCatalog } from '../../../src-main/core/catalog/load';
import { setLocale } from '../../../src-renderer/i18n';
import { mistakeText } from '../../../src-renderer/features/training/mistake-text';

const item = indexCatalog(loadCatalog()).item('SI-01-01')!;
afterEach(() => setLocale('zh-CN'));

describe("a practice run's mistake in words", () => {
  it('names an amount field as the intake form does and shows both amounts in 元, not in fen', () => {
    const text = mistakeText({ kind: 'form', ref: 'monthlyWageFen', expected: '922400', actual: '92240' }, item);
    expect(text).toContain('月工资');
    expect(text).not.toContain('（分）');
    expect(text).toContain('9224.00元');
    expect(text).toContain('922.40元');
    expect(text).not.toContain('922400');
    setLocale('en');
    expect(mistakeText({ kind: 'form', ref: 'monthlyWageFen', expected: '922400', actual: '' }, item)).toContain('¥9224.00');
  });
});
