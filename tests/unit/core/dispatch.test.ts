import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/contract';
import { createDispatcher, REFUSALS_LOGGED_PER_MINUTE, type Handlers } from '../../../src-main/core/dispatch';
import type { Logger } from '../../../src-main/core/logging/types';

/** A logger that records what the dispatcher logs (a real object, not a mock of a library). */
function recordingLogger() {
  const lines: { level: string; obj: unknown; msg?: string }[] = [];
  const make = (): Logger => {
    const at = (level: string) => ((obj: unknown, msg?: string) => lines.push({ level, obj, msg })) as Logger['info'];
    return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => make() };
  };
  return { logger: make(), lines };
}

/** The dispatcher checks the role table first: these tests call as a signed-in teller. */
const tellerAtWindow = { caller: () => ({ id: 'T0042', roles: ['teller' as const] }) };

const session = { terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', windowNo: 3, tellerId: 'T0042', mode: 'training' as const, version: '0.1.0', host: 'web' as const, practice: false };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const refuse = () => {
    throw new CoreError('not_found', 'not in this test');
  };
  return new Proxy(overrides as Handlers, { get: (target, key: string) => (key in target ? target[key as keyof Handlers] : refuse) });
}

describe('dispatcher', () => {
  it('answers an unknown call with a typed error, logs it, and keeps working', async () => {
    const { logger, lines } = recordingLogger();
    const dispatch = createDispatcher(handlers({ getSession: () => session }), logger, tellerAtWindow);
    const r = await dispatch('dropDatabase', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(lines.some((l) => l.level === 'warn' && l.msg === 'unknown call refused')).toBe(true);
    expect(await dispatch('getSession', {})).toEqual({ ok: true, value: session });
  });

  it('logs refused calls up to a budget per minute, then counts the rest in one line', async () => {
    const { logger, lines } = recordingLogger();
    const dispatch = createDispatcher(handlers({ getSession: () => session }), logger, tellerAtWindow);
    for (let i = 0; i < REFUSALS_LOGGED_PER_MINUTE * 10; i++) {
      expect(await dispatch(i % 2 ? 'dropDatabase' : 'enterApplicant', { idNumber: 'x' })).toMatchObject({ ok: false });
    }
    expect(lines.filter((l) => l.msg?.endsWith('refused'))).toHaveLength(REFUSALS_LOGGED_PER_MINUTE);
    expect(await dispatch('getSession', {})).toEqual({ ok: true, value: session });
  });

  it('answers an invalid payload with invalid_input naming the paths, without calling the handler', async () => {
    const { logger, lines } = recordingLogger();
    let called = false;
    const dispatch = createDispatcher(handlers({ enterApplicant: () => ((called = true), null as never) }), logger, tellerAtWindow);
    const r = await dispatch('enterApplicant', { idNumber: '110105194912310021', name: '' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['idNumber', 'name']);
    expect(called).toBe(false);
    // The log names the paths, never the values.
    expect(JSON.stringify(lines)).not.toContain('110105194912310021');
  });

  it('refuses extra keys (strict payloads)', async () => {
    const dispatch = createDispatcher(handlers({ getSession: () => session }), recordingLogger().logger, tellerAtWindow);
    expect(await dispatch('getSession', { admin: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('turns a CoreError into its typed answer and an unexpected throw into internal', async () => {
    const dispatch = createDispatcher(
      handlers({
        getCase: () => {
          throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
        },
        getStatus: () => {
          throw new TypeError('boom');
        },
      }),
      recordingLogger().logger,
      tellerAtWindow,
    );
    expect(await dispatch('getCase', { caseId: '01930000-0000-7000-8000-000000000000' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such case', messageKey: 'error.caseNotFound' },
    });
    expect(await dispatch('getStatus', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('maps a full disk to storage_full', async () => {
    const dispatch = createDispatcher(
      handlers({
        getStatus: () => {
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        },
      }),
      recordingLogger().logger,
      tellerAtWindow,
    );
    expect(await dispatch('getStatus', {})).toMatchObject({ ok: false, error: { code: 'storage_full' } });
  });

  it('refuses an answer outside the contract', async () => {
    const { logger, lines } = recordingLogger();
    const dispatch = createDispatcher(handlers({ getSession: () => ({ ...session, windowNo: 'three' }) as never }), logger, tellerAtWindow);
    expect(await dispatch('getSession', {})).toMatchObject({ ok: false, error: { code: 'invalid_output' } });
    expect(lines.some((l) => l.level === 'error')).toBe(true);
  });
});
