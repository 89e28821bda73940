import type { z } from 'zod';
import { calls, CoreError, isCallName, type CallName, type CallOutput, type CallResult } from '../contract';
import type { Logger } from './logging/types';

export type Handlers = {
  [N in CallName]: (input: z.output<(typeof calls)[N]['input']>) => Promise<CallOutput<N>> | CallOutput<N>;
};

function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/**
 * A schema's safeParse that never throws: a refinement may throw on what a structured clone can carry (a BigInt,
 * a cyclic object); that input is invalid like any other.
 */
function safeParse(schema: z.ZodType, input: unknown): { success: true; data: unknown } | { success: false; error: z.ZodError | null } {
  try {
    return schema.safeParse(input);
  } catch {
    return { success: false, error: null };
  }
}

/**
 * Validates every call against the contract, runs its handler, validates the answer, and turns every failure into a
 * typed error answer. Nothing a caller sends can make it throw: the core keeps running.
 */
export function createDispatcher(handlers: Handlers, logger: Logger) {
  const log = logger.child({ component: 'dispatch' });
  return async function dispatch(name: unknown, rawInput: unknown): Promise<CallResult<unknown>> {
    if (typeof name !== 'string' || !isCallName(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 64).replace(/[^\w.-]/g, '?') : typeof name;
      log.warn({ call: shown }, 'unknown call refused');
      return { ok: false, error: { code: 'unknown_call', message: `unknown call: ${shown}`, messageKey: 'error.unknownCall' } };
    }
    const spec = calls[name];
    const parsed = safeParse(spec.input, rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error ? zodIssues(parsed.error) : [{ path: '', message: 'input cannot be validated' }];
      log.warn({ call: name, issues: issues.map((i) => i.path) }, 'invalid call input refused');
      return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}`, messageKey: 'error.invalidInput', issues } };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        log.error({ call: name, issues: zodIssues(checked.error).map((i) => i.path) }, 'handler answered outside the contract');
        return { ok: false, error: { code: 'invalid_output', message: `the core answered ${name} outside the contract`, messageKey: 'error.internal' } };
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof CoreError) {
        log.info({ call: name, code: err.code }, 'call answered with an error');
        return { ok: false, error: err.toCallError() };
      }
      if (isStorageFull(err)) {
        log.error({ call: name }, 'storage full: nothing was saved');
        return { ok: false, error: { code: 'storage_full', message: 'the disk is full; nothing was saved', messageKey: 'error.storageFull' } };
      }
      log.error({ call: name, err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) }, 'call failed');
      return { ok: false, error: { code: 'internal', message: `internal error in ${name}`, messageKey: 'error.internal' } };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
