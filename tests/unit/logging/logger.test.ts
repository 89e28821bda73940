import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_DROPPED } from '../../../src-main/core/logging/fields';
import { createLogger, withLogContext } from '../../../src-main/core/logging/logger';
import { registerSensitive } from '../../../src-main/core/logging/sensitive';
import { idNumber } from './personal-data';
import { useTempDir } from './temp-dir';

const tempDir = useTempDir();
const at = (iso: string) => Date.parse(iso);

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('createLogger', () => {
  it('writes JSON lines with time, level, component, terminal id and case id', () => {
    const dir = tempDir();
    const now = at('2026-11-28T09:15:02.120+08:00');
    const log = createLogger({ dir, terminalId: '3303-LW-0012-W03', component: 'core', clock: () => now });
    log.info('started');
    log.child({ component: 'sync' }).warn({ caseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', attempts: 3 }, 'upload failed');
    withLogContext({ caseId: '0190a1b2-0000-7000-8000-000000000001' }, () => log.child({ component: 'cases' }).info('accepted'));
    log.close();

    const file = path.join(dir, 'onewindow-2026-11-28.log');
    expect(log.currentFile()).toBe(file);
    const [a, b, c] = lines(file);
    expect(a).toMatchObject({ level: 'info', time: '2026-11-28T09:15:02.120+08:00', component: 'core', terminalId: '3303-LW-0012-W03', msg: 'started' });
    expect(a).not.toHaveProperty('caseId');
    expect(b).toMatchObject({ level: 'warn', component: 'sync', terminalId: '3303-LW-0012-W03', caseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', attempts: 3 });
    expect(c).toMatchObject({ component: 'cases', caseId: '0190a1b2-0000-7000-8000-000000000001', msg: 'accepted' });
  });

  it('names the file by the China date, and moves to a new file at China midnight', () => {
    const dir = tempDir();
    let now = at('2026-11-28T15:59:59.000Z'); // 23:59:59 in China
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'core', clock: () => now });
    log.info('late');
    now = at('2026-11-28T16:00:00.000Z'); // 00:00 on the 29th in China
    log.info('early');
    log.close();
    expect(readdirSync(dir).sort()).toEqual(['onewindow-2026-11-28.log', 'onewindow-2026-11-29.log']);
    expect(lines(path.join(dir, 'onewindow-2026-11-29.log'))[0]).toMatchObject({ msg: 'early', time: '2026-11-29T00:00:00.000+08:00' });
  });

  it('keeps retentionDays of files (today included) and deletes older ones, leaving other files alone', () => {
    const dir = tempDir();
    for (const d of ['2026-10-29', '2026-10-30', '2026-10-31', '2026-11-27']) writeFileSync(path.join(dir, `onewindow-${d}.log`), '{}\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'keep');
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'core', clock: () => at('2026-11-29T10:00:00+08:00') });
    log.info('x');
    log.close();
    // 30 days ending 2026-11-29 start on 2026-10-31.
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'onewindow-2026-10-31.log', 'onewindow-2026-11-27.log', 'onewindow-2026-11-29.log']);
  });

  it('changes the level at run time, for children made before the change too', () => {
    const dir = tempDir();
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'core', level: 'info' });
    const child = log.child({ component: 'devices' });
    child.debug('hidden 1');
    log.setLevel('debug');
    expect(log.level).toBe('debug');
    child.debug('shown');
    log.setLevel('error');
    child.warn('hidden 2');
    child.error('shown too');
    expect(() => log.setLevel('loud' as never)).toThrow(/log level must be one of/);
    log.close();
    expect(lines(log.currentFile()).map((l) => l.msg)).toEqual(['shown', 'shown too']);
  });

  it('redacts at the sink: messages, objects, errors and stacks', () => {
    const dir = tempDir();
    const id = idNumber('33030219850615002');
    const release = registerSensitive('欧阳娜娜');
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'core' });
    log.info({ applicant: { name: '欧阳娜娜', idNumber: id, phone: '13912345678' } }, `intake for 欧阳娜娜 ${id}`);
    log.error({ err: new Error(`lookup of ${id} failed for 欧阳娜娜, call 13912345678`) }, 'lookup failed');
    log.error({ error: new TypeError(`bad ${id}`) }, 'other spelling');
    release();
    log.close();
    const text = readFileSync(log.currentFile(), 'utf8');
    for (const secret of [id, '欧阳娜娜', '13912345678']) expect(text).not.toContain(secret);
    const [intake, err, other] = lines(log.currentFile());
    // The allow-list: an unknown field is dropped and named, a free-text message replaced, an error message that is
    // not plain ASCII replaced while the stack's frames stay.
    expect(intake).toMatchObject({ dropped: ['applicant'], msg: MESSAGE_DROPPED });
    expect(intake).not.toHaveProperty('applicant');
    expect((err!.err as { stack: string }).stack).toMatch(/^Error: \[TEXT\]\n\s+at /);
    expect((other!.error as { type: string; message: string }).type).toBe('TypeError');
    // An ASCII error message passes the allow-list; the redactor at the sink still removes the ID number in it.
    expect((other!.error as { type: string; message: string }).message).toBe('bad [ID]');
  });

  it('can run without redaction (only for measuring its cost)', () => {
    const dir = tempDir();
    const log = createLogger({ dir, terminalId: 'T-0001', component: 'bench', redact: false });
    log.info('13912345678');
    log.close();
    expect(readFileSync(log.currentFile(), 'utf8')).toContain('13912345678');
  });

  it('never throws at its caller when the folder cannot be written', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'file-not-folder');
    writeFileSync(blocker, 'x');
    const log = createLogger({ dir: path.join(blocker, 'logs'), terminalId: 'T-0001', component: 'core' });
    expect(() => log.error('disk trouble')).not.toThrow();
    expect(existsSync(path.join(blocker, 'logs'))).toBe(false);
  });
});
