import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { decideKeyStore, type KeyStoreFacts } from './key-store-policy';

/** Electron refused to start: no OS key store in production (the message is for branch IT). */
export class KeyStoreRefused extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
    this.name = 'KeyStoreRefused';
  }
}

/**
 * The master key for personal data at rest, sealed by the OS key store (DPAPI on Windows, the Secret Service or
 * kwallet on Linux). In production a missing key store refuses the start (key-store-policy.ts) before any key is
 * read or made; elsewhere it is allowed and reported (osProtected false, with a warning for the log).
 */
export function loadDataKey(userDataDir: string, mode: KeyStoreFacts['mode']): { key: Buffer; osProtected: boolean; warning?: string } {
  const decision = decideKeyStore({
    mode,
    platform: process.platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  });
  if (!decision.start) throw new KeyStoreRefused(decision.title, decision.message);
  const file = path.join(userDataDir, 'keys', 'data.key.sealed');
  if (existsSync(file)) {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
    return { key, osProtected: decision.osProtected, warning: decision.warning };
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, flag: 'wx' });
  return { key, osProtected: decision.osProtected, warning: decision.warning };
}
