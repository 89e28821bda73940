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

const caseChangeSchema = z.object({
  kind: z.literal('case').optional(),
  caseId: z.string().min(1),
  caseNo: z.string(),
  status: z.enum(CASE_STATUSES),
  at: rfc3339,
  note: z.string().nullish(),
  result: resultObject.nullish(),
});

/** A back-office follow-up of a bad rating (contract v1.1). */
export const evaluationChangeSchema = z.object({
  kind: z.literal('evaluation'),
  evaluationId: z.string().min(1),
  status: z.enum(['follow_up', 'rectified']),
  note: z.string().nullish(),
  at: rfc3339.nullish(),
});
export type EvaluationChange = z.infer<typeof evaluationChangeSchema>;

export const changesSchema = z.object({
  changes: z.array(z.union([evaluationChangeSchema, caseChangeSchema])),
  next: z.string(),
});
export type Change = z.infer<typeof caseChangeSchema>;

/** 201/200 of PUT /v1/evaluations/{evaluationId}. */
export const evaluationAckSchema = z.object({ evaluationNo: z.string().min(1) });
export type EvaluationAck = z.infer<typeof evaluationAckSchema>;

/** What the sender does with one case revision's answer (the contract's error table). */
export type WriteOutcome<A = CaseAck> =
  | { kind: 'ok'; ack: A }
  | { kind: 'rejected'; message: string; reasons: Reason[] }
  | { kind: 'defect'; code: string; message: string; reasons: Reason[] }
  | { kind: 'auth'; code: string; message: string }
  | { kind: 'busy'; code: string; message: string }
  | { kind: 'throttled'; retryAfterMs: number | null; message: string }
  | { kind: 'transient'; code: string; message: string };

/** At most this many reasons are kept from one answer, each message at most REASON_MESSAGE_MAX characters. */
export const REASONS_MAX = 20;
export const REASON_MESSAGE_MAX = 200;
const FIELD_PATH = /^[A-Za-z0-9_.\-[\]]{1,100}$/;
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * The server's reasons, made safe to keep and show: server text is untrusted, so control characters go, messages
 * are capped, a field that is not a plain path (letters, digits, `_.-[]`) is dropped (the message stays), and the
 * list is capped. Messages are shown to tellers and support and put in the signed export, never in a log line.
 */
export function sanitizeReasons(raw: readonly { field?: string | null; message: string }[] | null | undefined): Reason[] {
  return (raw ?? []).slice(0, REASONS_MAX).map((r) => {
    const message = serverText(r.message);
    return r.field && FIELD_PATH.test(r.field) ? { field: r.field, message } : { message };
  });
}

/** A run of 11 or more digits (an ID number, a phone or card number) masked as screens mask them: `330302********1234`. */
function maskNumbers(s: string): string {
  return s.replace(/\d{10,}[\dXx]?/g, (n) => `${n.slice(0, n.length >= 15 ? 6 : 3)}${'*'.repeat(n.length - (n.length >= 15 ? 10 : 7))}${n.slice(-4)}`);
}

/**
 * Untrusted server text to keep or show: control characters replaced, long digit runs masked (a server may quote an ID
 * or phone number back), at most REASON_MESSAGE_MAX characters.
 */
export function serverText(s: string): string {
  const clean = maskNumbers(s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim());
  return clean.length > REASON_MESSAGE_MAX ? `${clean.slice(0, REASON_MESSAGE_MAX - 1)}…` : clean;
}

/** What a log line may carry about reasons: the field paths only (never messages, never values). */
export function reasonFields(reasons: readonly Reason[]): string[] {
  return reasons.map((r) => r.field ?? '-');
}

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
  // The code goes into log lines: only a plain token is taken from the server, else the status decides.
  const code = err.success && ERROR_CODE.test(err.data.error) ? err.data.error : null;
  const reasons = sanitizeReasons(err.success ? err.data.reasons : null);
  const message = serverText((err.success ? err.data.message : null) ?? `HTTP ${status}`);
  if (status === 401 || status === 403) return { kind: 'auth', code: code ?? (status === 401 ? 'unauthenticated' : 'forbidden'), message };
  if (status === 429) return { kind: 'throttled', retryAfterMs: parseRetryAfter(retryAfter, nowMs), message };
  // 503 with Retry-After is the server saying it is overloaded for that long: a throttle, not a broken line.
  const unavailableFor = status === 503 ? parseRetryAfter(retryAfter, nowMs) : null;
  if (unavailableFor !== null) return { kind: 'throttled', retryAfterMs: unavailableFor, message };
  if (status === 409) return { kind: 'busy', code: code ?? 'in_progress', message };
  if (status === 400) return { kind: 'defect', code: code ?? 'malformed', message, reasons };
  if (status === 422) {
    if (code === 'rejected') return { kind: 'rejected', message, reasons };
    if (code === 'key_reused') return { kind: 'defect', code, message, reasons };
    // A 422 whose body cannot be read cannot be told apart: treat as a broken answer and ask again.
    return { kind: 'transient', code: 'bad_body', message: 'HTTP 422 without a readable error code' };
  }
  if (status === 408 || status >= 500) return { kind: 'transient', code: code ?? `http_${status}`, message };
  // Anything else (404 on a write, 405, 415, ...) means this terminal and the server disagree on the contract.
  return { kind: 'defect', code: code ?? `http_${status}`, message, reasons };
}

/**
 * Classifies the answer to PUT /v1/evaluations/{evaluationId}: as a case write, but a 2xx carries an evaluation
 * number, and `422 rejected` with the reason `case_unknown` (the case has not reached the server, or not yet a
 * replica of it) is no verdict on the rating: it is tried again later.
 */
export function classifyEvaluationWrite(status: number, body: unknown, retryAfter: string | string[] | undefined, nowMs: number): WriteOutcome<EvaluationAck> {
  if (status === 200 || status === 201) {
    const ack = evaluationAckSchema.safeParse(body);
    return ack.success ? { kind: 'ok', ack: ack.data } : { kind: 'transient', code: 'bad_body', message: `HTTP ${status} with a body of the wrong shape` };
  }
  const outcome = classifyWrite(status, body, retryAfter, nowMs);
  if (outcome.kind === 'ok') return { kind: 'transient', code: 'bad_body', message: `HTTP ${status}` };
  if (outcome.kind === 'rejected' && outcome.reasons.some((r) => r.message === 'case_unknown' || r.field === 'case_unknown')) {
    return { kind: 'busy', code: 'case_unknown', message: outcome.message };
  }
  return outcome;
}
