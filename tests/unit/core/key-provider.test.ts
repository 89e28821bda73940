import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { keyProviderFromEnv, KeyProviderError, loadDataKey } from '../../../src-main/core/crypto/key-provider';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function root() {
  const d = mkdtempSync(path.join(tmpdir(), 'ow-keys-'));
  dirs.push(d);
  const dataDir = path.join(d, 'data');
  mkdirSync(dataDir);
  return { root: d, dataDir };
}
const key = randomBytes(32);

describe('web host key provider', () => {
  it('names the provider from the environment', () => {
    expect(keyProviderFromEnv({})).toEqual({ kind: 'beside-data' });
    expect(keyProviderFromEnv({ ONEWINDOW_KEY_FILE: '/run/secrets/ow.key' })).toEqual({ kind: 'file', file: '/run/secrets/ow.key' });
    expect(keyProviderFromEnv({ ONEWINDOW_KEY_COMMAND: '["tpm2_unseal","-c","0x81010001"]' })).toEqual({ kind: 'command', command: 'tpm2_unseal', args: ['-c', '0x81010001'] });
  });

  it('refuses in production the plain key file beside the data, and a key file inside the data folder', () => {
    const { dataDir } = root();
    expect(() => loadDataKey({ kind: 'beside-data' }, { mode: 'production', dataDir })).toThrow(/ONEWINDOW_KEY_COMMAND.*ONEWINDOW_KEY_FILE/);
    const inside = path.join(dataDir, 'keys', 'my.key');
    mkdirSync(path.dirname(inside));
    writeFileSync(inside, key.toString('base64'), { mode: 0o600 });
    expect(() => loadDataKey({ kind: 'file', file: inside }, { mode: 'production', dataDir })).toThrow(/inside the data folder/);
  });

  it('keeps the beside-data key for development and training', () => {
    const { dataDir } = root();
    const k = loadDataKey({ kind: 'beside-data' }, { mode: 'development', dataDir });
    expect(k).toHaveLength(32);
    expect(loadDataKey({ kind: 'beside-data' }, { mode: 'training', dataDir })).toEqual(k);
  });

  it('reads a key file outside the data folder in production, refusing one others can read', () => {
    const { root: r, dataDir } = root();
    const file = path.join(r, 'secrets', 'ow.key');
    mkdirSync(path.dirname(file));
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
    expect(loadDataKey({ kind: 'file', file }, { mode: 'production', dataDir })).toEqual(key);
    if (process.platform !== 'win32') {
      chmodSync(file, 0o644);
      expect(() => loadDataKey({ kind: 'file', file }, { mode: 'production', dataDir })).toThrow(/readable by others/);
    }
    writeFileSync(file, 'c2hvcnQ=', { mode: 0o600 });
    chmodSync(file, 0o600);
    expect(() => loadDataKey({ kind: 'file', file }, { mode: 'production', dataDir })).toThrow(KeyProviderError);
  });

  it('runs a key command (a real program printing the key) in production', () => {
    const { dataDir } = root();
    const provider = { kind: 'command' as const, command: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(key.toString('base64'))})`] };
    expect(loadDataKey(provider, { mode: 'production', dataDir })).toEqual(key);
    expect(() => loadDataKey({ kind: 'command', command: process.execPath, args: ['-e', 'process.exit(3)'] }, { mode: 'production', dataDir })).toThrow(/failed/);
  });
});
