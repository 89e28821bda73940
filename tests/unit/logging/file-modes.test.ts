import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/db/open';
import { createLogger } from '../../../src-main/core/logging/logger';
import { writeCrashRecord } from '../../../src-main/core/logging/crash';
import { SimStore } from '../../../src-main/simulator/store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function root(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ow-modes-'));
  dirs.push(d);
  return d;
}
const mode = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('file modes (POSIX; Windows relies on the profile folder ACLs)', () => {
  it('creates log files 0600 in a 0700 folder, crash records too', () => {
    const dir = path.join(root(), 'data', 'logs');
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'core' });
    log.info('started');
    log.close();
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.dirname(dir))).toBe(0o700);
    expect(mode(log.currentFile())).toBe(0o600);
    const crashDir = path.join(dir, 'crashes');
    const file = writeCrashRecord(crashDir, {
      time: new Date().toISOString(),
      kind: 'uncaughtException',
      component: 'core',
      pid: 1,
      type: 'Error',
      message: 'x',
      stack: null,
      versions: { node: process.versions.node, electron: null, platform: process.platform, arch: process.arch },
    });
    expect(mode(crashDir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it('creates the database and its WAL files 0600 in a 0700 folder', () => {
    const dir = path.join(root(), 'data');
    const file = path.join(dir, 'onewindow.db');
    const db = openDatabase(file);
    db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run();
    db.prepare('INSERT INTO probe VALUES (1)').run();
    expect(mode(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
    db.close();
  });

  it('creates the simulator store 0600 in a 0700 folder', () => {
    const dir = path.join(root(), 'sim');
    const store = new SimStore(path.join(dir, 'simulator.db'));
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'simulator.db'))).toBe(0o600);
    store.close();
  });
});
