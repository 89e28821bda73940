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

describe('the parts of the catalogs', () => {
  it('define each key once: a feature key the main catalog defines again is silently replaced on screen', async () => {
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const parts = await Promise.all([
      import('../../../src-renderer/features/catalog/messages').then((m) => ['catalog', m.catalogMessages] as const),
      import('../../../src-renderer/features/devices/messages').then((m) => ['devices', m.deviceMessages] as const),
      import('../../../src-renderer/features/training/messages').then((m) => ['training', m.trainingMessages] as const),
      import('../../../src-renderer/features/counter/messages').then((m) => ['counter', m.counterMessages] as const),
      import('../../../src-renderer/features/reports/messages').then((m) => ['reports', m.reportMessages] as const),
      import('../../../src-renderer/features/people/messages').then((m) => ['people', m.peopleMessages] as const),
      import('../../../src-renderer/features/rating/messages').then((m) => ['rating', m.ratingMessages] as const),
      import('../../../src-renderer/i18n/issue-messages').then((m) => ['issues', m.issueMessages] as const),
    ]);
    for (const [lang, file] of [['zhCN', 'zh-CN.ts'], ['en', 'en.ts']] as const) {
      // The main file's own keys: the literal ones written after its spreads.
      const text = readFileSync(path.resolve(import.meta.dirname, '../../../src-renderer/i18n/messages', file), 'utf8');
      const own = [...text.matchAll(/^\s+'([\w.]+)':/gm)].map((m) => m[1]!);
      expect(own.length, file).toBeGreaterThan(100);
      const seen = new Map<string, string>();
      const twice: string[] = [];
      for (const [name, keys] of [...parts.map(([n, m]) => [n, Object.keys(m[lang])] as const), ['main', own] as const]) {
        for (const k of keys) {
          if (seen.has(k)) twice.push(`${k} (${seen.get(k)}, ${name})`);
          else seen.set(k, name);
        }
      }
      expect(twice, file).toEqual([]);
    }
  });
});
