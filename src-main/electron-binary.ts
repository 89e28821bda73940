import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron binary's path where it was downloaded, else null. (The `electron` npm package exports the path of
 * its binary to Node; nothing of Electron is loaded here.)
 */
export function electronBinary(): string | null {
  try {
    const bin = require('electron') as unknown;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** How long the one-time download of the Electron binary may take before `npm start` gives up on it. */
const FETCH_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs the electron package's own installer (which `npm ci` does not run: package.json's allowScripts denies it, so
 * that an install on a machine without internet access succeeds). Returns the binary, or why there is none, in one
 * short phrase for the start-up line.
 */
export function fetchElectronBinary(cwd: string): { binary: string | null; why: string } {
  let installer: string;
  try {
    installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return { binary: null, why: 'the electron package is not installed' };
  }
  const run = spawnSync(process.execPath, [installer], { cwd, encoding: 'utf8', timeout: FETCH_TIMEOUT_MS });
  const binary = electronBinary();
  if (binary) return { binary, why: '' };
  const reason = `${run.stderr ?? ''}`.split('\n').find((line) => /error|ENOTFOUND|ECONN|EAI_AGAIN|timed out|status/i.test(line));
  return { binary: null, why: `it could not be downloaded: ${(reason ?? run.error?.message ?? `exit ${String(run.status)}`).trim().slice(0, 160)}` };
}
