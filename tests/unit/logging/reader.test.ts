import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, withLogContext } from '../../../src-main/core/logging/logger';
import { runLogsCommand } from '../../../src-main/core/logging/logs-command';
import { followLogs, formatEntry, parseTime, readLogs, type LogEntry } from '../../../src-main/core/logging/reader';
import { useTempDir } from './temp-dir';

const tempDir = useTempDir('ow-reader-');
const CASE_A = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const CASE_B = '0190ffff-0000-7000-8000-000000000002';
const at = (iso: string) => Date.parse(iso);

/** Three days of lines from two components, written through the real logger. */
function writeHistory(dir: string) {
  let now = 0;
  const log = createLogger({ dir, terminalId: 'T-0001', component: 'core', level: 'debug', clock: () => now });
  const sync = log.child({ component: 'sync' });
  const outbox = sync.child({ component: 'sync.outbox' });
  const write = (iso: string, fn: () => void) => {
    now = at(iso);
    fn();
  };
  write('2026-11-26T10:00:00+08:00', () => log.info('day one'));
  write('2026-11-27T09:00:00+08:00', () => sync.debug('poll'));
  write('2026-11-27T09:30:00+08:00', () => withLogContext({ caseId: CASE_A }, () => outbox.warn({ attempts: 2 }, 'upload retry')));
  write('2026-11-28T08:00:00+08:00', () => log.error({ err: new Error('disk full') }, 'save failed'));
  write('2026-11-28T08:30:00+08:00', () => log.child({ caseId: CASE_B }).info('accepted'));
  write('2026-11-28T09:00:00+08:00', () => withLogContext({ caseId: CASE_A }, () => log.info('synced')));
  log.close();
  return { now: at('2026-11-28T10:00:00+08:00') };
}

const msgs = (entries: LogEntry[]) => entries.map((e) => e.msg);

describe('readLogs', () => {
  it('returns every entry across days, oldest first', async () => {
    const dir = tempDir();
    writeHistory(dir);
    expect(msgs(await readLogs(dir))).toEqual(['day one', 'poll', 'upload retry', 'save failed', 'accepted', 'synced']);
  });

  it('filters by time (relative and absolute), level, case, component and text', async () => {
    const dir = tempDir();
    const { now } = writeHistory(dir);
    expect(msgs(await readLogs(dir, { since: '2h' }, now))).toEqual(['save failed', 'accepted', 'synced']);
    expect(msgs(await readLogs(dir, { since: '2026-11-27T09:15:00+08:00', until: '2026-11-28T08:15:00+08:00' }, now))).toEqual(['upload retry', 'save failed']);
    expect(msgs(await readLogs(dir, { since: '2026-11-27' }, now))[0]).toBe('poll');
    expect(msgs(await readLogs(dir, { level: 'warn' }, now))).toEqual(['upload retry', 'save failed']);
    expect(msgs(await readLogs(dir, { caseId: CASE_A }, now))).toEqual(['upload retry', 'synced']);
    expect(msgs(await readLogs(dir, { caseId: CASE_B.slice(0, 8) }, now))).toEqual(['accepted']);
    expect(msgs(await readLogs(dir, { component: 'sync' }, now))).toEqual(['poll', 'upload retry']);
    expect(msgs(await readLogs(dir, { component: 'sync.outbox' }, now))).toEqual(['upload retry']);
    expect(msgs(await readLogs(dir, { text: 'FAIL' }, now))).toEqual(['save failed']);
    expect(msgs(await readLogs(dir, { limit: 2 }, now))).toEqual(['accepted', 'synced']);
    expect(msgs(await readLogs(dir, { level: 'info', since: '1d', caseId: CASE_A }, now))).toEqual(['synced']);
  });

  it('skips torn or foreign lines, and reads a missing folder as empty', async () => {
    const dir = tempDir();
    writeHistory(dir);
    appendFileSync(path.join(dir, 'onewindow-2026-11-28.log'), 'not json\n{"level":"info","time":"2026-11-28T09:');
    expect(await readLogs(dir)).toHaveLength(6);
    expect(await readLogs(path.join(dir, 'nope'))).toEqual([]);
  });

  it('refuses bad filters with a clear message', async () => {
    const dir = tempDir();
    await expect(readLogs(dir, { since: 'yesterday' })).rejects.toThrow(/not a time: "yesterday"/);
    await expect(readLogs(dir, { level: 'loud' as never })).rejects.toThrow(/level must be one of/);
    await expect(readLogs(dir, { caseId: 'abc' })).rejects.toThrow(/at least its first 8/);
  });
});

describe('parseTime and formatEntry', () => {
  it('understands relative times and dates', () => {
    const now = at('2026-11-28T10:00:00+08:00');
    expect(parseTime('90m', now)).toBe(now - 90 * 60_000);
    expect(parseTime('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTime('2026-11-28', now)).toBe(at('2026-11-28T00:00:00+08:00'));
  });

  it('prints a line for people, with the stack of an error under it', async () => {
    const dir = tempDir();
    writeHistory(dir);
    const [retry] = await readLogs(dir, { text: 'retry' });
    expect(formatEntry(retry!)).toBe('2026-11-27 09:30:00.000 WARN  sync.outbox [case 0190a1b2] upload retry {"attempts":2}');
    const [failed] = await readLogs(dir, { level: 'error' });
    expect(formatEntry(failed!)).toMatch(/^2026-11-28 08:00:00\.000 ERROR core save failed\n {4}Error: disk full\n {8}at /);
  });
});

describe('followLogs', () => {
  it('delivers what is there, then new lines as they are written, and the next day\'s file', async () => {
    const dir = tempDir();
    let now = at('2026-11-28T23:59:00+08:00');
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'core', clock: () => now });
    log.info('before');
    log.debug('below level');
    const seen: string[] = [];
    const handle = followLogs(dir, { level: 'info' }, (e) => seen.push(e.msg), { intervalMs: 20 });
    await handle.ready;
    expect(seen).toEqual(['before']);
    log.info('after');
    now = at('2026-11-29T00:00:01+08:00');
    log.warn('next day');
    await expect.poll(() => seen, { timeout: 5_000, interval: 20 }).toEqual(['before', 'after', 'next day']);
    handle.stop();
    log.close();
  });
});

describe('logs command', () => {
  it('prints filtered lines, JSON on request, and usage errors with exit code 2', async () => {
    const dir = tempDir();
    writeHistory(dir);
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runLogsCommand(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out, err };
    };
    const warn = await run(['--dir', dir, '--level', 'warn', '--case', CASE_A]);
    expect(warn.code).toBe(0);
    expect(warn.out).toEqual(['2026-11-27 09:30:00.000 WARN  sync.outbox [case 0190a1b2] upload retry {"attempts":2}']);
    const json = await run(['--dir', dir, '--component', 'core', '--json', '--limit', '1']);
    expect(JSON.parse(json.out[0]!)).toMatchObject({ msg: 'synced', caseId: CASE_A });
    expect((await run(['--dir', dir, '--bogus'])).code).toBe(2);
    const badTime = await run(['--dir', dir, '--since', 'soon']);
    expect(badTime.code).toBe(2);
    expect(badTime.err.join()).toMatch(/not a time/);
    expect((await run(['--help'])).out.join()).toMatch(/usage: logs/);
  });

  it('runs as a program (npm run logs)', () => {
    const dir = tempDir();
    writeHistory(dir);
    const cli = path.resolve('src-main/core/logging/cli.ts');
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, '--dir', dir, '--level', 'error'], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^2026-11-28 08:00:00\.000 ERROR core save failed\n/);
  });
});
