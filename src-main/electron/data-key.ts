import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';

/**
 * The master key for personal data at rest, sealed by the OS key store (DPAPI on Windows, the Secret Service or
 * kwallet on Linux). Returns the key and whether the OS protection was real (on Linux without a key ring Electron
 * falls back to a fixed key: branch IT is told through the log).
 */
export function loadDataKey(userDataDir: string): { key: Buffer; osProtected: boolean } {
  const file = path.join(userDataDir, 'keys', 'data.key.sealed');
  const osProtected = safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  if (existsSync(file)) {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
    return { key, osProtected };
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, flag: 'wx' });
  return { key, osProtected };
}
