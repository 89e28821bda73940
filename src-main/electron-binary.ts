import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary's path where it was downloaded, else null. (The `electron` npm package exports the path of
 * its binary to Node; nothing of Electron is loaded here.)
 */
export function electronBinary(): string | null {
  try {
    const bin = createRequire(import.meta.url)('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
