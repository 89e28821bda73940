import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The application root: the folder holding package.json and migrations/.
 * ONEWINDOW_ROOT overrides it (the packaged app sets it to its resources folder).
 */
export function appRoot(): string {
  if (process.env.ONEWINDOW_ROOT) return process.env.ONEWINDOW_ROOT;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'migrations')) && existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('OneWindow: cannot find the application root (set ONEWINDOW_ROOT)');
    dir = parent;
  }
}
