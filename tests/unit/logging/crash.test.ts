import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CRASH_EXIT_CODE, writeCrashRecord } from '../../../src-main/core/logging/crash';
import { idNumber } from './personal-data';
import { useTempDir } from './temp-dir';

const tempDir = useTempDir('ow-crash-');
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-child.ts');
const id = idNumber('33030219771201551');

function runChild(mode: 'throw' | 'reject') {
  const dir = tempDir();
  const crashDir = path.join(dir, 'crashes');
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, mode, dir, crashDir, id], { encoding: 'utf8', timeout: 20_000 });
  const logFile = readdirSync(dir).find((n) => n.endsWith('.log'))!;
  const log = readFileSync(path.join(dir, logFile), 'utf8');
  const crashes = readdirSync(crashDir).map((n) => readFileSync(path.join(crashDir, n), 'utf8'));
  return { result, log, crashes };
}

describe('installCrashHandlers (real child processes)', () => {
  it('logs an uncaught exception with its stack, writes a crash record, exits with 70; no ID anywhere', () => {
    const { result, log, crashes } = runChild('throw');
    expect(result.status).toBe(CRASH_EXIT_CODE);
    const fatal = log.trim().split('\n').map((l) => JSON.parse(l) as { level: string; kind: string; err: { stack: string } }).find((l) => l.level === 'fatal')!;
    expect(fatal.kind).toBe('uncaughtException');
    expect(fatal.err.stack).toMatch(/^Error: parsing card of \[ID\] failed\n\s+at .*crash-child\.ts/);
    expect(log).not.toContain('still alive');
    expect(crashes).toHaveLength(1);
    const record = JSON.parse(crashes[0]!);
    expect(record).toMatchObject({ kind: 'uncaughtException', component: 'core', type: 'Error', message: 'parsing card of [ID] failed' });
    expect(record.stack).toContain('crash-child.ts');
    expect(record.versions.node).toBe(process.versions.node);
    for (const text of [log, ...crashes, result.stderr]) expect(text).not.toContain(id);
  });

  it('treats an unhandled rejection the same way', () => {
    const { result, log, crashes } = runChild('reject');
    expect(result.status).toBe(CRASH_EXIT_CODE);
    expect(log).toContain('"kind":"unhandledRejection"');
    expect(JSON.parse(crashes[0]!)).toMatchObject({ kind: 'unhandledRejection', type: 'RangeError', message: 'no record for [ID]' });
    for (const text of [log, ...crashes]) expect(text).not.toContain(id);
  });
});

describe('writeCrashRecord', () => {
  it('keeps the newest records only', () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) {
      writeCrashRecord(dir, {
        time: `2026-11-28T01:00:0${i}.000Z`,
        kind: 'uncaughtException',
        component: 'core',
        pid: 100 + i,
        type: 'Error',
        message: 'x',
        stack: null,
        versions: { node: '20', electron: null, platform: 'linux', arch: 'x64' },
      }, 3);
    }
    expect(readdirSync(dir).sort()).toEqual([
      'crash-2026-11-28T01-00-02-000Z-core-102.json',
      'crash-2026-11-28T01-00-03-000Z-core-103.json',
      'crash-2026-11-28T01-00-04-000Z-core-104.json',
    ]);
  });
});
