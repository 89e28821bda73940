/**
 * Private-line simulator: both endpoints (`si`, `tax`) of contracts/private-line-v1.md on loopback, with
 * durable state, fault injection and a back office that can be driven in-process or over HTTP (/__sim/).
 * See README.md in this folder for the behaviour others can rely on.
 */
import { randomInt } from 'node:crypto';
import { toChinaTime } from '../core/util/time';
import { Bureau, catalogPromisedDate, DEFAULT_REJECT_ID_PATTERN } from './bureau';
import type { EndpointContext } from './api';
import { createControlHandler } from './control-api';
import { EndpointServer } from './endpoint-server';
import { EndpointFaults } from './faults';
import { IdempotencyGate } from './idempotency';
import { SimEvaluations } from './evaluations';
import { loadCatalog } from '../core/catalog/load';
import { loadCalendar } from '../core/catalog/calendar';
import { SimStore } from './store';
import { ENDPOINTS, type EndpointName, type SimControl, type SimFaults, type Simulator, type StartOptions } from './types';

export type * from './types';
export { STATUSES, ENDPOINTS } from './types';

const DEFAULT_CATALOG = () => ({ version: 1, items: [] as unknown[] });

export async function startSimulator(opts: StartOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const store = new SimStore(opts.dataFile);
  const builtIn = loadCatalog();
  const bureau = new Bureau(store, {
    rejectIdPattern: opts.rejectIdPattern ?? DEFAULT_REJECT_ID_PATTERN,
    promisedDate: catalogPromisedDate(
      new Map(builtIn.items.map((i) => [i.code, i.guide.promisedLimit])),
      loadCalendar(),
      10,
      opts.promisedWorkingDays,
    ),
  });
  const seed = opts.seed ?? randomInt(2 ** 31);
  const receiptDelay = opts.errandReceiptDelayMs === undefined ? 1000 : opts.errandReceiptDelayMs;
  const catalog = opts.catalog ?? DEFAULT_CATALOG;
  const evaluations = new SimEvaluations(store, opts.evaluationReasonCodes ?? builtIn.evaluationReasons.map((r) => r.code));
  const followUpDelay = opts.evaluationFollowUpDelayMs === undefined ? 1000 : opts.evaluationFollowUpDelayMs;
  const followUpEvaluation = (evaluationId: string, status: 'follow_up' | 'rectified', note?: string) =>
    store.transaction(() => evaluations.followUp(evaluationId, status, note));
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const downTimers = new Map<EndpointName, NodeJS.Timeout>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const confirmErrand = (endpoint: EndpointName, batchId: string) => store.transaction(() => bureau.confirmErrandBatch(endpoint, batchId));
  const scheduleReceipt = (endpoint: EndpointName, batchId: string) => {
    if (receiptDelay !== null) later(receiptDelay, () => confirmErrand(endpoint, batchId));
  };

  const faults = {
    si: new EndpointFaults(seed, opts.faults?.si),
    tax: new EndpointFaults(seed + 1, opts.faults?.tax),
  } satisfies Record<EndpointName, EndpointFaults>;
  const gates = {
    si: new IdempotencyGate(store, 'si', () => toChinaTime(Date.now())),
    tax: new IdempotencyGate(store, 'tax', () => toChinaTime(Date.now())),
  } satisfies Record<EndpointName, IdempotencyGate>;

  // eslint-disable-next-line prefer-const -- servers are created after the control handler that refers to them
  let servers: Record<EndpointName, EndpointServer>;

  const findCase = (caseId: string, endpoint?: EndpointName) => {
    for (const ep of endpoint ? [endpoint] : ENDPOINTS) {
      const c = store.getCase(ep, caseId);
      if (c) return c;
    }
    return undefined;
  };

  const control: SimControl = {
    setFaults: (endpoint, f: SimFaults) => faults[endpoint].set(f),
    getFaults: (endpoint) => faults[endpoint].current,
    async setDown(endpoint, down) {
      const server = servers[endpoint];
      if (down) await server.stop();
      else await server.listen(server.boundPort);
    },
    receivedCount: (key, endpoint) => store.counts(key, endpoint).applied,
    requestCount: (key, endpoint) => store.counts(key, endpoint).requests,
    cases: (endpoint) => store.listCases(endpoint),
    getCase: findCase,
    advance(caseId, status, o = {}) {
      const c = findCase(caseId, o.endpoint);
      if (!c) throw new Error(`simulator: no case ${caseId}`);
      store.transaction(() => bureau.advance(c.endpoint, caseId, status, o.note, o.result));
    },
    errandBatches: () => store.errandBatches(),
    evaluations: (endpoint) => evaluations.list(endpoint),
    followUpEvaluation: (evaluationId, status, note) => void followUpEvaluation(evaluationId, status, note),
    confirmErrandBatch(batchId) {
      for (const b of store.errandBatches()) if (b.batchId === batchId) confirmErrand(b.endpoint, batchId);
    },
    reset() {
      for (const t of [...timers, ...downTimers.values()]) clearTimeout(t);
      timers.clear();
      downTimers.clear();
      store.clear();
      evaluations.clear();
      for (const ep of ENDPOINTS) {
        faults[ep].set({});
        gates[ep].clear();
      }
    },
  };

  const downVia = (endpoint: EndpointName, down: boolean, forMs?: number) => {
    const pending = downTimers.get(endpoint);
    if (pending) clearTimeout(pending);
    downTimers.delete(endpoint);
    faults[endpoint].patch({ down });
    if (down && forMs) {
      const t = setTimeout(() => {
        downTimers.delete(endpoint);
        if (!closed) faults[endpoint].patch({ down: false });
      }, forMs);
      downTimers.set(endpoint, t);
    }
  };

  const controlHandler = createControlHandler(control, { downVia });
  const makeServer = (name: EndpointName): EndpointServer => {
    const ctx: EndpointContext = {
      name,
      store,
      bureau,
      gate: gates[name],
      faults: faults[name],
      catalog,
      isOpen: () => !closed && servers[name].isListening,
      errandAccepted: (batchId) => scheduleReceipt(name, batchId),
      ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
      ...(opts.onAnswered ? { onAnswered: opts.onAnswered } : {}),
      evaluations,
      evaluationAccepted: (ev) => {
        // The back office calls the citizen about a bad rating: a follow-up in /v1/changes.
        if (ev.level <= 2 && followUpDelay !== null) later(followUpDelay, () => followUpEvaluation(ev.evaluationId, 'follow_up'));
      },
    };
    return new EndpointServer(ctx, controlHandler, host, opts.tls);
  };
  servers = { si: makeServer('si'), tax: makeServer('tax') };

  try {
    await servers.si.listen(opts.siPort ?? 0);
    await servers.tax.listen(opts.taxPort ?? 0);
  } catch (err) {
    closed = true;
    await Promise.all(ENDPOINTS.map((ep) => servers[ep].stop()));
    store.close();
    throw err;
  }

  // Errand batches accepted before a restart still get their receipt.
  for (const b of store.errandBatches()) if (!b.confirmed) scheduleReceipt(b.endpoint, b.batchId);

  const scheme = opts.tls ? 'https' : 'http';
  const address = (ep: EndpointName) => ({ url: `${scheme}://${host}:${servers[ep].boundPort}`, port: servers[ep].boundPort });

  return {
    si: address('si'),
    tax: address('tax'),
    control,
    async close() {
      if (closed) return;
      closed = true;
      for (const t of [...timers, ...downTimers.values()]) clearTimeout(t);
      await Promise.all(ENDPOINTS.map((ep) => servers[ep].stop()));
      store.close();
    },
  };
}
