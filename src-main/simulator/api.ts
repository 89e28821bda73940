/** The private-line API of one endpoint (contracts/private-line-v1.md), after transport-level faults. */
import type { IncomingMessage } from 'node:http';
import { toChinaTime } from '../core/util/time';
import { Bureau, errorBody, malformed, markedFields, type Outcome } from './bureau';
import type { EndpointFaults } from './faults';
import type { Answer } from './http-io';
import { bodyHash, type IdempotencyGate, type WriteResult } from './idempotency';
import { batchBodySchema, caseBodySchema, errandBatchSchema, issuesToReasons, type Reason } from './schema';
import type { SimStore } from './store';
import type { EndpointName, RequestRecord } from './types';
import { putEvaluation, type EvaluationBody, type SimEvaluations } from './evaluations';

export const SIM_VERSION = 'onewindow-sim/1.0.0';

export interface EndpointContext {
  name: EndpointName;
  store: SimStore;
  bureau: Bureau;
  gate: IdempotencyGate;
  faults: EndpointFaults;
  catalog: () => { version: number; items: unknown[] };
  /** False once the simulator or this endpoint's listener is closing. */
  isOpen: () => boolean;
  /** Called after an errand batch was stored (schedules the back office's receipt). */
  errandAccepted: (batchId: string) => void;
  /** See StartOptions.onRequest. */
  onRequest?: (endpoint: EndpointName, method: string, path: string) => void;
  /** Observer of every answered request (StartOptions.onAnswered). */
  onAnswered?: (r: RequestRecord) => void;
  /** Citizen ratings (PUT /v1/evaluations, contract v1.1). */
  evaluations: SimEvaluations;
  /** Called after a new rating was stored (schedules the follow-up of a bad one). */
  evaluationAccepted: (evaluation: EvaluationBody) => void;
}

export interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
}

/** `limit` of GET /v1/changes: "defaults to 100, at most 500". */
const CHANGES_LIMIT_MAX = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function outcomeAnswer(outcome: Outcome | WriteResult): Answer {
  const replayed = 'replayed' in outcome && outcome.replayed;
  return { status: outcome.status, body: outcome.body, ...(replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
}

function malformedAnswer(reasons: Reason[], message?: string): Answer {
  return outcomeAnswer(malformed(reasons, message));
}

const notFound = (): Answer => ({ status: 404, body: errorBody('not_found', '没有该案件') });

/** Opaque change-feed cursor: base64url of "c1:<seq>". */
export function encodeCursor(seq: number): string {
  return Buffer.from(`c1:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  if (cursor === '') return 0;
  const match = /^c1:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export async function handleApi(ctx: EndpointContext, req: ApiRequest): Promise<Answer | undefined> {
  const path = req.url.pathname;
  const caseMatch = /^\/v1\/cases\/([^/]+)$/.exec(path);
  if (req.method === 'PUT' && caseMatch && caseMatch[1] !== 'batch') return putCase(ctx, req, decodeURIComponent(caseMatch[1]!));
  if (req.method === 'POST' && path === '/v1/cases/batch') return postBatch(ctx, req);
  if (req.method === 'POST' && path === '/v1/errand-batches') return postErrandBatch(ctx, req);
  const evaluationMatch = /^\/v1\/evaluations\/([^/]+)$/.exec(path);
  if (req.method === 'PUT' && evaluationMatch) {
    const endpoint = { ...ctx, latency: () => ctx.faults.latency(), accepted: ctx.evaluationAccepted };
    return putEvaluation(endpoint, decodeURIComponent(evaluationMatch[1]!), header(req, 'idempotency-key'), req.body);
  }

  await ctx.faults.latency();
  if (req.method === 'GET' && caseMatch) {
    const c = ctx.store.getCase(ctx.name, decodeURIComponent(caseMatch[1]!));
    return c ? { status: 200, body: ctx.bureau.caseView(c) } : notFound();
  }
  if (req.method === 'GET' && path === '/v1/health') {
    return { status: 200, body: { time: toChinaTime(Date.now()), version: SIM_VERSION, catalogVersion: ctx.catalog().version } };
  }
  if (req.method === 'GET' && path === '/v1/changes') return getChanges(ctx, req);
  if (req.method === 'GET' && path === '/v1/catalog') return getCatalog(ctx, req);
  return { status: 404, body: errorBody('not_found', `no route ${req.method} ${path}`) };
}

/** Validates one case revision against the contract; returns the write or the malformed reasons. */
function caseWrite(ctx: EndpointContext, key: string | undefined, body: unknown, pathCaseId?: string) {
  const parsed = caseBodySchema.safeParse(body);
  if (!parsed.success) return { reasons: issuesToReasons(parsed.error) };
  const c = parsed.data;
  const reasons: Reason[] = markedFields(c.form, 'MALFORMED', '不符合接口规范');
  if (pathCaseId !== undefined && pathCaseId !== c.caseId) reasons.push({ field: 'caseId', message: 'differs from the caseId in the path' });
  const expectedKey = `${c.caseId}:${c.rev}`;
  if (!key) reasons.push({ field: 'Idempotency-Key', message: 'required' });
  else if (key !== expectedKey) reasons.push({ field: 'Idempotency-Key', message: 'must be <caseId>:<rev>' });
  if (reasons.length > 0) return { reasons };
  return { write: { key: expectedKey, hash: bodyHash(body), apply: () => ctx.bureau.applyRevision(ctx.name, c) } };
}

async function putCase(ctx: EndpointContext, req: ApiRequest, caseId: string): Promise<Answer | undefined> {
  const checked = caseWrite(ctx, header(req, 'idempotency-key'), req.body, caseId);
  if (!checked.write) {
    await ctx.faults.latency();
    return malformedAnswer(checked.reasons);
  }
  const results = await ctx.gate.run([checked.write], () => ctx.faults.latency(), ctx.isOpen);
  return results && outcomeAnswer(results[0]!);
}

async function postBatch(ctx: EndpointContext, req: ApiRequest): Promise<Answer | undefined> {
  const parsed = batchBodySchema.safeParse(req.body);
  if (!parsed.success) {
    await ctx.faults.latency();
    return malformedAnswer(issuesToReasons(parsed.error));
  }
  const items = parsed.data.items;
  for (const item of items) ctx.store.countRequest(ctx.name, item.idempotencyKey);
  const checked = items.map((item) => caseWrite(ctx, item.idempotencyKey, item.case));
  const writes = checked.flatMap((c) => (c.write ? [c.write] : []));
  const results = await ctx.gate.run(writes, () => ctx.faults.latency(), ctx.isOpen);
  if (!results) return undefined;
  let next = 0;
  return {
    status: 200,
    body: {
      results: items.map((item, i) => {
        const c = checked[i]!;
        const outcome = c.write ? results[next++]! : malformed(c.reasons ?? []);
        return { idempotencyKey: item.idempotencyKey, status: outcome.status, body: outcome.body };
      }),
    },
  };
}

async function postErrandBatch(ctx: EndpointContext, req: ApiRequest): Promise<Answer | undefined> {
  const parsed = errandBatchSchema.safeParse(req.body);
  const key = header(req, 'idempotency-key');
  const reasons = parsed.success ? [] : issuesToReasons(parsed.error);
  if (parsed.success && key !== parsed.data.batchId) reasons.push({ field: 'Idempotency-Key', message: 'must equal batchId' });
  if (!parsed.success || reasons.length > 0) {
    await ctx.faults.latency();
    return malformedAnswer(reasons);
  }
  const batch = parsed.data;
  const results = await ctx.gate.run(
    [{ key: batch.batchId, hash: bodyHash(req.body), apply: () => ctx.bureau.acceptErrandBatch(ctx.name, batch) }],
    () => ctx.faults.latency(),
    ctx.isOpen,
  );
  if (!results) return undefined;
  const result = results[0]!;
  if (result.status === 201 && !result.replayed) ctx.errandAccepted(batch.batchId);
  return outcomeAnswer(result);
}

function getChanges(ctx: EndpointContext, req: ApiRequest): Answer {
  const since = req.url.searchParams.get('since') ?? '';
  const limitText = req.url.searchParams.get('limit');
  const afterSeq = decodeCursor(since);
  const reasons: Reason[] = [];
  if (afterSeq === undefined) reasons.push({ field: 'since', message: 'not a cursor returned by this server' });
  let limit = 100;
  if (limitText !== null && limitText !== '') {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > CHANGES_LIMIT_MAX) reasons.push({ field: 'limit', message: `must be an integer from 1 to ${CHANGES_LIMIT_MAX}` });
  }
  if (reasons.length > 0 || afterSeq === undefined) return malformedAnswer(reasons);
  const branch = header(req, 'x-branch-code') ?? '';
  const changes = ctx.store.changesSince(ctx.name, branch, afterSeq, limit);
  const last = changes.at(-1);
  return {
    status: 200,
    body: { changes: changes.map(({ seq: _seq, ...change }) => change), next: last ? encodeCursor(last.seq) : since || encodeCursor(0) },
  };
}

function getCatalog(ctx: EndpointContext, req: ApiRequest): Answer {
  const sinceText = req.url.searchParams.get('since') ?? '';
  const since = sinceText === '' ? undefined : Number(sinceText);
  if (since !== undefined && (!Number.isInteger(since) || since < 0)) {
    return malformedAnswer([{ field: 'since', message: 'must be a catalog version (integer)' }]);
  }
  const catalog = ctx.catalog();
  if (since === undefined) return { status: 200, body: catalog };
  if (since >= catalog.version) return { status: 200, body: { version: catalog.version, items: [] } };
  // Items that carry their own numeric `version` are filtered by it; others are always sent.
  const items = catalog.items.filter((item) => {
    const v = (item as { version?: unknown } | null)?.version;
    return typeof v !== 'number' || v > since;
  });
  return { status: 200, body: { version: catalog.version, items } };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
