import { z } from 'zod';
import { callIssueSchema, type CallIssue } from './issues';

/**
 * Every failed call answers with one of these codes; `message` is for support (logs, never a screen), `messageKey` with
 * its `params` for the UI's i18n layer (a screen that does not know the key says a general error instead).
 */
export const callErrorCodeSchema = z.enum([
  'unknown_call',
  'invalid_input',
  'invalid_output',
  'not_found',
  'conflict',
  'device_error',
  'unavailable',
  'storage_full',
  'forbidden',
  'sign_in_required',
  'throttled',
  'internal',
]);
export type CallErrorCode = z.infer<typeof callErrorCodeSchema>;

export const callErrorSchema = z.object({
  code: callErrorCodeSchema,
  message: z.string(),
  messageKey: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  issues: z.array(callIssueSchema).optional(),
});
export type CallError = z.infer<typeof callErrorSchema>;

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** Thrown by core handlers to answer with a typed error instead of `internal`. */
export class CoreError extends Error {
  override name = 'CoreError';
  constructor(
    readonly code: CallErrorCode,
    message: string,
    readonly messageKey?: string,
    readonly issues?: CallIssue[],
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
  }
  toCallError(): CallError {
    return { code: this.code, message: this.message, messageKey: this.messageKey, params: this.params, issues: this.issues };
  }
}
