import { z } from 'zod';
import { parseRetryAfter } from './backoff';
import type { Reason } from './types';

/** Response bodies of private-line contract v1, validated: a body of the wrong shape is a transient failure. */

export const CASE_STATUSES = ['received', 'in_review', 'needs_materials', 'approved', 'rejected', 'completed', 'withdrawn'] as const;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const rfc3339 = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'RFC 3339 time');
const resultObject = z.record(z.string(), z.unknown());

export const caseAckSchema = z.object({
  caseNo: z.string().min(1),
  status: z.enum(CASE_STATUSES),
  promisedDate: date.nullish(),
  result: resultObject.nullish(),
});
export type CaseAck = z.infer<typeof caseAckSchema>;

/** GET /v1/cases/{caseId}: the case as the server holds it now. */
export const serverCaseSchema = z.object({
  caseId: z.string().min(1),
  caseNo: z.string().min(1),
  rev: z.number().int().min(1),
  status: z.enum(CASE_STATUSES),
  promisedDate: date.nullish(),
  result: resultObject.nullish(),
  updatedAt: rfc3339.nullish(),
});
export type ServerCase = z.infer<typeof serverCaseSchema>;

export const errorBodySchema = z.object({
  error: z.string().min(1),
  message: z.string().nullish(),
  reasons: z.array(z.object({ field: z.string().nullish(), message: z.string() })).nullish(),
});

export const batchResponseSchema = z.object({
  results: z.array(z.object({ idempotencyKey: z.string(), status: z.number().int(), body: z.unknown() })),
});

export const healthSchema = z.object({ time: rfc3339, version: z.string(), catalogVersion: z.number().int() });
export type Health = z.infer<typeof healthSchema>;

export const changesSchema = z.object({
  changes: z.array(
    z.object({
      caseId: z.string().min(1),
      caseNo: z.string(),
      status: z.enum(CASE_STATUSES),
      at: rfc3339,
      note: z.string().nullish(),
      result: resultObject.nullish(),
    }),
  ),
  next: z.string(),
});
export type Change = z.infer<typeof changesSchema>['changes'][number];

/** What the sender does with one case revision's answer (the contract's error table). */
export type WriteOutcome =
  | { kind: 'ok'; ack: CaseAck }
  | { kind: 'rejected'; message: string; reasons: Reason[] }
  | { kind: 'defect'; code: string; message: string }
  | { kind: 'auth'; code: string; message: string }
  | { kind: 'busy'; code: string; message: string }
  | { kind: 'throttled'; retryAfterMs: number | null; message: string }
  | { kind: 'transient'; code: string; message: string };

export function parseJson(buf: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(buf.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Classifies one write answer (single PUT, or one item of a batch) by status and body.
 * `body` is undefined when the response body was not JSON.
 */
export function classifyWrite(status: number, body: unknown, retryAfter: string | string[] | undefined, nowMs: number): WriteOutcome {
  if (status === 200 || status === 201) {
    const ack = caseAckSchema.safeParse(body);
    return ack.success ? { kind: 'ok', ack: ack.data } : { kind: 'transient', code: 'bad_body', message: `HTTP ${status} with a body of the wrong shape` };
  }
  const err = errorBodySchema.safeParse(body);
  const code = err.success ? err.data.error : null;
  const message = (err.success ? err.data.message : null) ?? `HTTP ${status}`;
  if (status === 401 || status === 403) return { kind: 'auth', code: code ?? (status === 401 ? 'unauthenticated' : 'forbidden'), message };
  if (status === 429) return { kind: 'throttled', retryAfterMs: parseRetryAfter(retryAfter, nowMs), message };
  // 503 with Retry-After is the server saying it is overloaded for that long: a throttle, not a broken line.
  const unavailableFor = status === 503 ? parseRetryAfter(retryAfter, nowMs) : null;
  if (unavailableFor !== null) return { kind: 'throttled', retryAfterMs: unavailableFor, message };
  if (status === 409) return { kind: 'busy', code: code ?? 'in_progress', message };
  if (status === 400) return { kind: 'defect', code: code ?? 'malformed', message };
  if (status === 422) {
    if (code === 'rejected') {
      const reasons = (err.success ? err.data.reasons : null) ?? [];
      return { kind: 'rejected', message, reasons: reasons.map((r) => (r.field ? { field: r.field, message: r.message } : { message: r.message })) };
    }
    if (code === 'key_reused') return { kind: 'defect', code, message };
    // A 422 whose body cannot be read cannot be told apart: treat as a broken answer and ask again.
    return { kind: 'transient', code: 'bad_body', message: 'HTTP 422 without a readable error code' };
  }
  if (status === 408 || status >= 500) return { kind: 'transient', code: code ?? `http_${status}`, message };
  // Anything else (404 on a write, 405, 415, ...) means this terminal and the server disagree on the contract.
  return { kind: 'defect', code: code ?? `http_${status}`, message };
}
