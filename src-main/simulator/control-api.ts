/**
 * HTTP control API under /__sim/ on both ports (loopback clients only; not part of the contract), so that
 * tests in another process can drive the simulator. Not subject to any fault, and reachable while an
 * endpoint is "down" through the control API (that down answers API requests with connection resets).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorBody } from './bureau';
import { BodyError, parseJsonBody, readRaw, sendWhole } from './http-io';
import { issuesToReasons } from './schema';
import { EVALUATION_FOLLOW_UPS } from './evaluations';
import { ENDPOINTS, STATUSES, type EndpointName, type SimControl, type SimFaults } from './types';

const endpointSchema = z.enum(ENDPOINTS as [EndpointName, ...EndpointName[]]);
const rate = z.number().min(0).max(1);

export const simFaultsSchema: z.ZodType<SimFaults> = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  bandwidthBytesPerSec: z.number().positive().optional(),
  errorRate: z.array(z.object({ status: z.number().int().min(400).max(599), rate })).optional(),
  resetRate: rate.optional(),
  timeoutRate: rate.optional(),
  truncateRate: rate.optional(),
  throttle: z.object({ rate, retryAfterSec: z.number().int().min(0) }).optional(),
  down: z.boolean().optional(),
  authFail: z.boolean().optional(),
});

const faultsBody = z.object({ endpoint: endpointSchema, faults: simFaultsSchema });
const downBody = z.object({ endpoint: endpointSchema, down: z.boolean(), forMs: z.number().int().positive().optional() });
const advanceBody = z.object({
  caseId: z.string().min(1),
  status: z.enum(STATUSES),
  note: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
  endpoint: endpointSchema.optional(),
});

const followUpBody = z.object({ status: z.enum(EVALUATION_FOLLOW_UPS), note: z.string().optional() });

export interface ControlExtras {
  /** Down through the control API: API requests get connection resets; back up after forMs if given. */
  downVia: (endpoint: EndpointName, down: boolean, forMs?: number) => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function endpointParam(url: URL): EndpointName | undefined {
  const v = url.searchParams.get('endpoint');
  return v === 'si' || v === 'tax' ? v : undefined;
}

export function createControlHandler(control: SimControl, extras: ControlExtras) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reply = (status: number, body: unknown) => sendWhole(res, { status, body });
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return reply(403, errorBody('forbidden', 'control API is loopback-only'));
    let body: unknown;
    try {
      body = parseJsonBody(req, await readRaw(req));
    } catch (err) {
      if (err instanceof BodyError) return reply(400, errorBody('malformed', err.message));
      throw err;
    }
    const parse = <T>(schema: z.ZodType<T>): T | undefined => {
      const r = schema.safeParse(body);
      if (!r.success) reply(400, errorBody('malformed', 'invalid control request', issuesToReasons(r.error)));
      return r.success ? r.data : undefined;
    };
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const caseMatch = /^\/__sim\/cases\/([^/]+)$/.exec(path);
    const countMatch = /^\/__sim\/counts\/([^/]+)$/.exec(path);
    const confirmMatch = /^\/__sim\/errand-batches\/([^/]+)\/confirm$/.exec(path);

    if (method === 'GET' && path === '/__sim/cases') return reply(200, control.cases(endpointParam(url)));
    if (method === 'GET' && caseMatch) {
      const c = control.getCase(decodeURIComponent(caseMatch[1]!), endpointParam(url));
      return c ? reply(200, c) : reply(404, errorBody('not_found', 'no such case'));
    }
    if (method === 'GET' && countMatch) {
      const key = decodeURIComponent(countMatch[1]!);
      const ep = endpointParam(url);
      return reply(200, { key, received: control.receivedCount(key, ep), requests: control.requestCount(key, ep) });
    }
    if (method === 'GET' && path === '/__sim/faults') return reply(200, { si: control.getFaults('si'), tax: control.getFaults('tax') });
    if (method === 'POST' && path === '/__sim/faults') {
      const b = parse(faultsBody);
      if (!b) return;
      control.setFaults(b.endpoint, b.faults);
      return reply(200, { endpoint: b.endpoint, faults: control.getFaults(b.endpoint) });
    }
    if (method === 'POST' && path === '/__sim/down') {
      const b = parse(downBody);
      if (!b) return;
      extras.downVia(b.endpoint, b.down, b.forMs);
      return reply(200, { endpoint: b.endpoint, down: b.down, ...(b.forMs && b.down ? { forMs: b.forMs } : {}) });
    }
    if (method === 'POST' && path === '/__sim/advance') {
      const b = parse(advanceBody);
      if (!b) return;
      try {
        control.advance(b.caseId, b.status, { note: b.note, result: b.result, endpoint: b.endpoint });
      } catch {
        return reply(404, errorBody('not_found', 'no such case'));
      }
      return reply(200, control.getCase(b.caseId, b.endpoint));
    }
    if (method === 'GET' && path === '/__sim/errand-batches') return reply(200, control.errandBatches());
    if (method === 'POST' && confirmMatch) {
      control.confirmErrandBatch(decodeURIComponent(confirmMatch[1]!));
      return reply(200, control.errandBatches().filter((b) => b.batchId === decodeURIComponent(confirmMatch[1]!)));
    }
    const followUpMatch = /^\/__sim\/evaluations\/([^/]+)\/follow-up$/.exec(path);
    if (method === 'GET' && path === '/__sim/evaluations') return reply(200, control.evaluations(endpointParam(url)));
    if (method === 'POST' && followUpMatch) {
      const b = parse(followUpBody);
      if (!b) return;
      const id = decodeURIComponent(followUpMatch[1]!);
      try {
        control.followUpEvaluation(id, b.status, b.note);
      } catch {
        return reply(404, errorBody('not_found', 'no such evaluation'));
      }
      return reply(200, control.evaluations().find((e) => e.evaluationId === id));
    }
    if (method === 'POST' && path === '/__sim/reset') {
      control.reset();
      return reply(200, { reset: true });
    }
    return reply(404, errorBody('not_found', `no control route ${method} ${path}`));
  };
}
