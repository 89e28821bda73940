import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tError } from '../../../src-renderer/i18n';
import { en } from '../../../src-renderer/i18n/messages/en';
import { zhCN } from '../../../src-renderer/i18n/messages/zh-CN';

const ROOT = path.resolve(import.meta.dirname, '../../../src-main');
const zh: Record<string, string | undefined> = zhCN;
const english: Record<string, string | undefined> = en;

/** Every message key the core and the web host can answer a call with: the first key-like literal of each `CoreError(…)` and each `messageKey: '…'`. */
function answeredKeys(): Map<string, string> {
  const found = new Map<string, string>();
  const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/CoreError\(|messageKey:\s*/g)) {
      const key = /'([a-z]+(?:\.[A-Za-z0-9]+)+)'/.exec(text.slice(m.index, m.index + 400))?.[1];
      if (key && !found.has(key)) found.set(key, file);
    }
  }
  return found;
}

describe('the keys of failed calls', () => {
  it('finds the keys the core answers with', () => {
    const keys = answeredKeys();
    // A sample the scan must see, or it scans nothing: the core's, the web host's.
    expect(keys.get('error.caseNotFound')).toBeDefined();
    expect(keys.get('error.sessionExpired')).toBe(path.join('webhost', 'server.ts'));
  });

  it('has each of them in both languages, so a screen never falls back to the support text', () => {
    const missing = [...answeredKeys()].filter(([key]) => !zh[key] || !english[key]).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('says a failed call by its key with its values, else the fallback, else a general error, never its support text', () => {
    expect(tError({ messageKey: 'device.detail.idCard.samStatus', params: { code: '0x41' } })).toBe(zhCN['device.detail.idCard.samStatus'].replace('{code}', '0x41'));
    expect(tError({ messageKey: 'error.noSuchKey' }, '评价未能提交')).toBe('评价未能提交');
    expect(tError({ messageKey: undefined })).toBe(zhCN['error.internal']);
    expect(tError(undefined)).toBe(zhCN['error.internal']);
  });
});
