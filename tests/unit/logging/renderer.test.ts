import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGE_DROPPED } from '../../../src-main/core/logging/fields';
import { createLogger } from '../../../src-main/core/logging/logger';
import { createRendererLogSink } from '../../../src-main/core/logging/renderer';
import { registerSensitive } from '../../../src-main/core/logging/sensitive';
import { idNumber } from './personal-data';
import { useTempDir } from './temp-dir';

const tempDir = useTempDir();


function setup() {
  const log = createLogger({ dir: tempDir(), terminalId: 'T-0001', component: 'core' });
  const logFromRenderer = createRendererLogSink(log);
  const read = () => {
    log.close();
    return readFileSync(log.currentFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  return { logFromRenderer, read, file: () => readFileSync(log.currentFile(), 'utf8') };
}

describe('logFromRenderer', () => {
  it('writes a valid entry under renderer.<component>, with the case id and data', () => {
    const { logFromRenderer, read } = setup();
    const caseId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(logFromRenderer({ level: 'warn', component: 'intake', msg: 'reader timeout', caseId, data: { tries: 2 } })).toEqual({ ok: true });
    expect(logFromRenderer({ level: 'info', msg: 'opened' })).toEqual({ ok: true });
    const [a, b] = read();
    expect(a).toMatchObject({ level: 'warn', source: 'renderer', rendererLevel: 'warn', component: 'renderer.intake', caseId, data: { tries: 2 }, msg: 'reader timeout' });
    expect(b).toMatchObject({ level: 'info', source: 'renderer', component: 'renderer.ui', msg: 'opened' });
  });

  it('caps the renderer at warn: an error or fatal entry is written as warn, marked with what was asked', () => {
    const { logFromRenderer, read } = setup();
    logFromRenderer({ level: 'error', msg: 'render failed' });
    logFromRenderer({ level: 'fatal', msg: 'gave up' });
    const [a, b] = read();
    expect(a).toMatchObject({ level: 'warn', rendererLevel: 'error', source: 'renderer', msg: 'render failed' });
    expect(b).toMatchObject({ level: 'warn', rendererLevel: 'fatal', source: 'renderer', msg: 'gave up' });
  });

  it('rate-limits the renderer: the excess of a window is dropped and counted once the next window opens', () => {
    const log = createLogger({ dir: tempDir(), terminalId: 'T-0001', component: 'core' });
    let now = 1_000_000;
    const logFromRenderer = createRendererLogSink(log, { maxPerWindow: 5, windowMs: 10_000, clock: () => now });
    const results = Array.from({ length: 50 }, () => logFromRenderer({ level: 'warn', msg: 'loop' }));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    now += 10_000;
    expect(logFromRenderer({ level: 'info', msg: 'after' })).toEqual({ ok: true });
    log.close();
    const lines = readFileSync(log.currentFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'loop')).toHaveLength(5);
    expect(lines.find((l) => l.component === 'renderer.ratelimit')).toMatchObject({ level: 'warn', count: 45, source: 'renderer' });
    expect(lines.at(-1)).toMatchObject({ msg: 'after' });
  });

  it('refuses invalid entries, naming the fields and never their values', () => {
    const { logFromRenderer, read } = setup();
    const id = idNumber('33030219900101123');
    const result = logFromRenderer({ level: 'shout', msg: id, component: `Bad ${id}`, extra: id });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/level/);
    expect(!result.ok && result.error).toMatch(/component/);
    expect(!result.ok && result.error).not.toContain(id);
    expect(logFromRenderer('just text').ok).toBe(false);
    expect(logFromRenderer({ level: 'info', msg: 'x'.repeat(2001) }).ok).toBe(false);
    const lines = read();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ level: 'warn', component: 'renderer.invalid', source: 'renderer', msg: 'invalid renderer log entry dropped' });
    expect(JSON.stringify(lines)).not.toContain(id);
  });

  it('redacts renderer entries at the same sink', () => {
    const { logFromRenderer, file } = setup();
    const id = idNumber('11010519491231002');
    const release = registerSensitive('李秀英');
    logFromRenderer({ level: 'error', msg: `render failed for 李秀英 ${id}`, stack: `Error: ${id}\n    at Intake (intake.tsx:10:2)`, data: { form: { name: '李秀英', phone: '13800138000' } } });
    release();
    const text = file();
    for (const secret of [id, '李秀英', '13800138000']) expect(text).not.toContain(secret);
    expect(text).toContain('intake.tsx:10:2');
    // Free text from the renderer is not a constant message: replaced before the sink.
    expect(text).toContain(MESSAGE_DROPPED);
  });
});
