/**
 * Where the web host's master key for data at rest comes from. Under Electron the key is sealed by the OS key store
 * (src-main/electron/data-key.ts); the web host has none, so it takes the key from a provider:
 *
 *  - `command`  ONEWINDOW_KEY_COMMAND: a program that prints the key (base64, 32 bytes) on stdout, e.g. a TPM unseal
 *               (`tpm2_unseal -c 0x81010001`), `systemd-creds decrypt onewindow.cred -`, or the bank's secret store CLI;
 *  - `file`     ONEWINDOW_KEY_FILE: a key file outside the data folder (a mounted secret, a removable token), readable
 *               by the service account only (no group or other permission bits);
 *  - `beside-data`  `<data>/keys/data.key`, created on first run: development and training only. A backup of the data
 *               folder would carry the key with the data it protects, so production refuses it.
 *
 * Production refuses the beside-data provider and any key file inside the data folder, with a message naming the
 * variables to set (docs/operations.md, "Keys and backups").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadOrCreateKey } from './vault';

export type KeyProvider =
  | { kind: 'command'; command: string; args: string[] }
  | { kind: 'file'; file: string }
  | { kind: 'beside-data' };

export type Mode = 'production' | 'training' | 'development';

export class KeyProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyProviderError';
  }
}

/** The provider the environment names: ONEWINDOW_KEY_COMMAND (JSON array or a plain program path), ONEWINDOW_KEY_FILE, else beside-data. */
export function keyProviderFromEnv(env: NodeJS.ProcessEnv = process.env): KeyProvider {
  const command = env.ONEWINDOW_KEY_COMMAND?.trim();
  if (command) {
    if (command.startsWith('[')) {
      const parsed: unknown = JSON.parse(command);
      if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((x) => typeof x === 'string')) {
        throw new KeyProviderError('ONEWINDOW_KEY_COMMAND: a JSON array of strings, e.g. ["tpm2_unseal","-c","0x81010001"]');
      }
      return { kind: 'command', command: parsed[0] as string, args: parsed.slice(1) as string[] };
    }
    return { kind: 'command', command, args: [] };
  }
  const file = env.ONEWINDOW_KEY_FILE?.trim();
  if (file) return { kind: 'file', file };
  return { kind: 'beside-data' };
}

function realpathOrResolve(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(realpathOrResolve(parent), realpathOrResolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new KeyProviderError(`${source}: expected a 32-byte key in base64, got ${key.length} bytes`);
  return key;
}

/** Refuses, in production, a provider that would keep the key beside the data it protects. */
export function checkKeyProvider(provider: KeyProvider, opts: { mode: Mode; dataDir: string }): void {
  if (opts.mode !== 'production') return;
  if (provider.kind === 'beside-data') {
    throw new KeyProviderError(
      'production mode needs a data key outside the data folder: set ONEWINDOW_KEY_COMMAND (a program printing the key, e.g. a TPM unseal) ' +
        'or ONEWINDOW_KEY_FILE (a key file outside the data folder); see docs/operations.md, "Keys and backups"',
    );
  }
  if (provider.kind === 'file' && isInside(provider.file, opts.dataDir)) {
    throw new KeyProviderError(`ONEWINDOW_KEY_FILE ${provider.file} lies inside the data folder ${opts.dataDir}: a backup of the data would carry its key`);
  }
}

/** Loads the master key from the provider, after checkKeyProvider. */
export function loadDataKey(provider: KeyProvider, opts: { mode: Mode; dataDir: string; timeoutMs?: number }): Buffer {
  checkKeyProvider(provider, opts);
  switch (provider.kind) {
    case 'beside-data':
      return loadOrCreateKey(opts.dataDir);
    case 'file': {
      let st;
      try {
        st = statSync(provider.file);
      } catch {
        throw new KeyProviderError(`ONEWINDOW_KEY_FILE ${provider.file} cannot be read`);
      }
      if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
        throw new KeyProviderError(`ONEWINDOW_KEY_FILE ${provider.file} is readable by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600`);
      }
      return decodeKey(readFileSync(provider.file, 'utf8'), 'ONEWINDOW_KEY_FILE');
    }
    case 'command': {
      let out: string;
      try {
        out = execFileSync(provider.command, provider.args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        throw new KeyProviderError(`ONEWINDOW_KEY_COMMAND ${provider.command} failed: ${(err as Error).message.split('\n')[0]}`);
      }
      return decodeKey(out, 'ONEWINDOW_KEY_COMMAND');
    }
  }
}
