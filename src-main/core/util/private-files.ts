/**
 * Files that hold the terminal's data or logs are readable by its own OS account only: folders 0700, files 0600
 * (on POSIX; Windows keeps the ACLs of the user's profile folder). Created that way, and tightened when they exist.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

const POSIX = process.platform !== 'win32';

/** Creates the folder (and missing parents) as 0700; an existing folder is set to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dir, 0o700);
}

/** Creates the file empty as 0600 if it does not exist; an existing one is set to 0600. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (POSIX) chmodSync(file, 0o600);
}
