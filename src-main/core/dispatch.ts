import type { z } from 'zod';
import { calls, CoreError, isCallName, type CallName, type CallOutput, type CallResult } from '../contract';
import type { Logger } from './logging/types';
import { createLogBudget } from './logging/budget';
import { checkAccess, type Caller } from './people/access';

export type Handlers = {
  [N in CallName]: (input: z.output<(typeof calls)[N]['input']>) => Promise<CallOutput<N>> | CallOutput<N>;
};

/** A set of calls (name → input and output schemas): the teller's contract, or the citizen view's. */
export type CallSpec = Record<string, { input: z.ZodType; output: z.ZodType }>;

/** Handlers of a call set: one per call, typed by its schemas. */
export type SpecHandlers<S extends CallSpec> = {
  [N in keyof S]: (input: z.output<S[N]['input']>) => Promise<z.output<S[N]['output']>> | z.output<S[N]['output']>;
};

function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/** Who is calling, for the role table (src-main/core/people/access.ts). */
export interface AccessControl {
  caller(): Caller | null;
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
 * Checks every call against the role table (the signed-in person's roles), validates it against the contract, runs
 * its handler, validates the answer, and turns every failure into a typed error answer. Nothing a caller sends can
 * make it throw: the core keeps running.
 */
export function createDispatcher(handlers: Handlers, logger: Logger, access: AccessControl) {
  return createSpecDispatcher(calls, handlers as SpecHandlers<typeof calls>, logger, isCallName, (name) => checkAccess(name as CallName, access.caller()));
}

/** Refused calls (unknown, not allowed, bad input, answered with an error) logged per minute; the rest are counted. */
export const REFUSALS_LOGGED_PER_MINUTE = 30;

/**
 * The same for any call set (e.g. the citizen view's two calls): a name outside `spec` is an unknown call. `guard`
 * (the role table, for the teller's contract) refuses a call before its input is even read.
 */
export function createSpecDispatcher<S extends CallSpec>(
  spec: S,
  handlers: SpecHandlers<S>,
  logger: Logger,
  known: (name: string) => name is keyof S & string = (n): n is keyof S & string => Object.prototype.hasOwnProperty.call(spec, n),
  guard?: (name: keyof S & string) => void,
) {
  const log = logger.child({ component: 'dispatch' });
  // Refused calls are the caller's doing: a loop of them must not fill the disk with warnings.
  const refusals = createLogBudget(REFUSALS_LOGGED_PER_MINUTE, 60_000, (count) => log.warn({ count }, 'refused calls not logged: rate limit'));
  return async function dispatch(name: unknown, rawInput: unknown): Promise<CallResult<unknown>> {
    if (typeof name !== 'string' || !known(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 64).replace(/[^\w.-]/g, '?') : typeof name;
      if (refusals.admit()) log.warn({ call: shown }, 'unknown call refused');
      return { ok: false, error: { code: 'unknown_call', message: `unknown call: ${shown}`, messageKey: 'error.unknownCall' } };
    }
    const call = spec[name]!;
    try {
      guard?.(name);
    } catch (err) {
      const refusal = (err as CoreError).toCallError();
      if (refusals.admit()) log.warn({ call: name, code: refusal.code }, 'call refused by the role table');
      return { ok: false, error: refusal };
    }
    const parsed = safeParse(call.input, rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error ? zodIssues(parsed.error) : [{ path: '', message: 'input cannot be validated' }];
      if (refusals.admit()) log.warn({ call: name, issues: issues.map((i) => i.path) }, 'invalid call input refused');
      return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}`, messageKey: 'error.invalidInput', issues } };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = call.output.safeParse(value);
      if (!checked.success) {
        log.error({ call: name, issues: zodIssues(checked.error).map((i) => i.path) }, 'handler answered outside the contract');
        return { ok: false, error: { code: 'invalid_output', message: `the core answered ${name} outside the contract`, messageKey: 'error.internal' } };
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      if (err instanceof CoreError) {
        if (refusals.admit()) log.info({ call: name, code: err.code }, 'call answered with an error');
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
