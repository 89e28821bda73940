/**
 * Where a terminal's logs live when nobody says otherwise. The Electron main process sets
 * ONEWINDOW_DATA_DIR for the core; support on the machine can point the reader anywhere with `--dir`.
 */
import path from 'node:path';
import { appRoot } from '../util/paths';

/** ONEWINDOW_LOG_DIR, else `$ONEWINDOW_DATA_DIR/logs`, else `<app root>/.data/logs` (development). */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ONEWINDOW_LOG_DIR) return env.ONEWINDOW_LOG_DIR;
  if (env.ONEWINDOW_DATA_DIR) return path.join(env.ONEWINDOW_DATA_DIR, 'logs');
  return path.join(appRoot(), '.data', 'logs');
}

/** `<log folder>/crashes`: crash records sit with the logs so one folder holds everything support reads. */
export function defaultCrashDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultLogDir(env), 'crashes');
}
