import { describe, expect, it } from 'vitest';
import { en } from '../../../src-renderer/i18n/messages/en';
import { zhCN } from '../../../src-renderer/i18n/messages/zh-CN';

/** The `{name}` placeholders of a message, as a sorted list without duplicates. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

const keys = Object.keys(zhCN) as (keyof typeof zhCN)[];
const english: Record<string, string | undefined> = en;

describe('i18n messages', () => {
  it('has a catalog of keys to check', () => {
    expect(keys.length).toBeGreaterThan(0);
  });

  it('gives every zh-CN key a non-empty English text', () => {
    const missing = keys.filter((key) => (english[key] ?? '').trim() === '');
    expect(missing).toEqual([]);
  });

  it('has no English key that zh-CN does not define', () => {
    const extra = Object.keys(en).filter((key) => !(key in zhCN));
    expect(extra).toEqual([]);
  });

  it('uses the same {placeholders} in both languages', () => {
    const mismatched = keys
      .filter((key) => english[key] !== undefined)
      .filter((key) => placeholders(zhCN[key]).join(',') !== placeholders(english[key] ?? '').join(','))
      .map((key) => ({ key, zhCN: placeholders(zhCN[key]), en: placeholders(english[key] ?? '') }));
    expect(mismatched).toEqual([]);
  });
});
