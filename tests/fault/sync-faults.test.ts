/**
 * Fault tests of the sync engine against the private-line simulator: every fault class of issue 5, each ending
 * with the outbox drained and the server holding every case revision exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src-main/core/config/schema';
import { silentLogger } from '../../src-main/core/logging/types';
import { createSyncEngine, type SyncEvent } from '../../src-main/core/sync';
import { startSimulator, type SimFaults } from '../../src-main/simulator';
import { FAST_TUNING, openTerminal, outboxStates, stoppedAfterEach, waitFor, type CaseOptions, type SyncRun } from './support/terminal';

interface Run extends SyncRun {
  /** Every revision written: [caseId, rev, endpoint]. */
  revisions: [string, number, EndpointName][];
}

const runs = stoppedAfterEach<Run>();

async function setup(opts: { faults?: { si?: SimFaults; tax?: SimFaults }; cases?: number; revisedEvery?: number; caseOptions?: (i: number) => CaseOptions; tuning?: Record<string, number> } = {}): Promise<Run> {
  const sim = await startSimulator({ seed: 42, faults: opts.faults, errandReceiptDelayMs: null });
  const term = openTerminal({ urls: { si: sim.si.url, tax: sim.tax.url } });
  const events: SyncEvent[] = [];
  const revisions: Run['revisions'] = [];
  for (let i = 0; i < (opts.cases ?? 40); i++) {
    const o: CaseOptions = { endpoint: i % 4 === 3 ? 'tax' : 'si', ...opts.caseOptions?.(i) };
    const id = term.addCase(o);
    revisions.push([id, 1, o.endpoint!]);
    if (opts.revisedEvery && i % opts.revisedEvery === 0) revisions.push([id, term.addRevision(id), o.endpoint!]);
  }
  const engine = createSyncEngine({
    db: term.db,
    vault: term.vault,
    config: term.config,
    logger: silentLogger,
    onEvent: (e) => events.push(e),
    tuning: { ...FAST_TUNING, ...opts.tuning },
  });
  const run = { sim, term, engine, events, revisions };
  runs.push(run);
  return run;
}

function pending(r: Run): number {
  return outboxStates(r.term.db).pending ?? 0;
}

/** The server holds each revision exactly once, and each case's revisions were applied in order. */
function expectExactlyOnce(r: Run, skip: Set<string> = new Set()): void {
  const byCase = new Map<string, number[]>();
  for (const [id, rev, ep] of r.revisions) {
    if (skip.has(id)) continue;
    expect(r.sim.control.receivedCount(`${id}:${rev}`, ep), `${id}:${rev}`).toBe(1);
    byCase.set(id, [...(byCase.get(id) ?? []), rev]);
  }
  for (const [id, revs] of byCase) expect(r.sim.control.getCase(id)!.revisions).toEqual(revs);
}

async function drained(r: Run, timeoutMs = 20_000): Promise<void> {
  await waitFor(() => pending(r) === 0, 'the outbox to drain', timeoutMs);
  const s = r.engine.status();
  expect(s.si.unsent - s.si.defects).toBe(0);
  expect(s.tax.unsent - s.tax.defects).toBe(0);
}

describe('sync under faults', () => {
  it('added latency and a bandwidth limit', async () => {
    const r = await setup({ faults: { si: { latencyMs: 150, bandwidthBytesPerSec: 200_000 }, tax: { latencyMs: 150 } }, revisedEvery: 5 });
    r.engine.start();
    await drained(r);
    expectExactlyOnce(r);
  });

  it('error rates by status (500, 502, 503, 504)', async () => {
    const errorRate = [
      { status: 500, rate: 0.1 },
      { status: 502, rate: 0.1 },
      { status: 503, rate: 0.15 },
      { status: 504, rate: 0.1 },
    ];
    const r = await setup({ faults: { si: { errorRate }, tax: { errorRate } }, revisedEvery: 4 });
    r.engine.start();
    await drained(r);
    expectExactlyOnce(r);
  });

  it('connection resets', async () => {
    const r = await setup({ faults: { si: { resetRate: 0.35 }, tax: { resetRate: 0.35 } }, revisedEvery: 4 });
    r.engine.start();
    await drained(r);
    expectExactlyOnce(r);
  });

  it('timeouts after the server applied the write: resent with the same key, applied once', async () => {
    const r = await setup({ faults: { si: { timeoutRate: 0.3 }, tax: { timeoutRate: 0.3 } }, revisedEvery: 4, tuning: { requestTimeoutMs: 300 } });
    r.engine.start();
    await drained(r);
    expectExactlyOnce(r);
    // Some writes really were answered only on a resend (the same key went more than once).
    const resent = r.revisions.filter(([id, rev, ep]) => r.sim.control.requestCount(`${id}:${rev}`, ep) > 1);
    expect(resent.length).toBeGreaterThan(0);
  });

  it('truncated response bodies after apply', async () => {
    const r = await setup({ faults: { si: { truncateRate: 0.3 }, tax: { truncateRate: 0.3 } }, revisedEvery: 4 });
    r.engine.start();
    await drained(r);
    expectExactlyOnce(r);
  });

  it('429 throttled with Retry-After', async () => {
    // Single PUTs (no batching) so that several requests meet the throttle.
    const r = await setup({ faults: { si: { throttle: { rate: 0.3, retryAfterSec: 1 } } }, cases: 8, caseOptions: () => ({ endpoint: 'si' }), tuning: { batchThreshold: 1000 } });
    const started = Date.now();
    r.engine.start();
    await drained(r);
    expectExactlyOnce(r);
    const throttled = r.revisions.filter(([id]) => r.sim.control.requestCount(`${id}:1`) > 1);
    expect(throttled.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // a throttled row waited at least Retry-After
  });

  it('a down window: nothing lost, drained after the line returns', async () => {
    const r = await setup({ cases: 10 });
    await r.sim.control.setDown('si', true);
    r.sim.control.setFaults('tax', { down: true });
    r.engine.start();
    await waitFor(() => r.engine.status().si.line === 'down' && r.engine.status().tax.line === 'down', 'both lines down');
    for (let i = 0; i < 10; i++) {
      const id = r.term.addCase({ endpoint: i % 2 ? 'si' : 'tax' });
      r.revisions.push([id, 1, i % 2 ? 'si' : 'tax']);
      r.engine.kick();
    }
    await new Promise((res) => setTimeout(res, 600));
    expect(pending(r)).toBe(20);
    expect(r.engine.status().si.oldestUnsentAgeMs).toBeGreaterThan(0);
    await r.sim.control.setDown('si', false);
    r.sim.control.setFaults('tax', {});
    await drained(r);
    expectExactlyOnce(r);
    await waitFor(() => r.engine.status().si.line !== 'down', 'si line back');
  });

  it('401: the endpoint queue pauses, support is alerted, nothing is dropped; retryNow resumes', async () => {
    const r = await setup({ faults: { si: { authFail: true } }, cases: 12 });
    r.engine.start();
    await waitFor(() => r.engine.status().si.line === 'paused', 'si paused');
    await waitFor(() => pending(r) === r.revisions.filter(([, , ep]) => ep === 'si').length, 'tax drained, si kept');
    expect(r.events.some((e) => e.type === 'support.alert' && e.endpoint === 'si' && e.code === 'auth')).toBe(true);
    const before = r.revisions.filter(([, , ep]) => ep === 'si').map(([id]) => r.sim.control.requestCount(`${id}:1`));
    await new Promise((res) => setTimeout(res, 400));
    const after = r.revisions.filter(([, , ep]) => ep === 'si').map(([id]) => r.sim.control.requestCount(`${id}:1`));
    expect(after).toEqual(before); // paused means paused: no hammering
    r.sim.control.setFaults('si', {});
    r.engine.retryNow();
    await drained(r);
    expectExactlyOnce(r);
    expect(r.engine.status().si.line).not.toBe('paused');
  });

  it('422 rejected: the case needs attention with its reasons, the queue moves on', async () => {
    const r = await setup({ cases: 20, caseOptions: (i) => ({ reject: i % 5 === 0 }) });
    r.engine.start();
    await drained(r);
    const rejected = r.revisions.filter((_, i) => i % 5 === 0).map(([id]) => id);
    for (const id of rejected) {
      const c = r.term.db.prepare('SELECT sync_state FROM cases WHERE id = ?').get(id) as { sync_state: string };
      expect(c.sync_state).toBe('attention');
      const o = r.term.db.prepare('SELECT state, last_error FROM outbox WHERE case_id = ?').get(id) as { state: string; last_error: string };
      expect(o.state).toBe('attention');
      expect((JSON.parse(o.last_error) as { reasons: unknown[] }).reasons.length).toBeGreaterThan(0);
      expect(r.events.some((e) => e.type === 'case.attention' && e.caseId === id && e.reasons.length > 0)).toBe(true);
    }
    expect(r.engine.status().si.attention + r.engine.status().tax.attention).toBe(rejected.length);
    expectExactlyOnce(r); // a business rejection is an answer: stored once, never resent
  });

  it('400 malformed: a defect, surfaced, never resent, its later revision held back, others drained', async () => {
    const r = await setup({ cases: 15, caseOptions: (i) => ({ malformed: i === 4, endpoint: 'si' }) });
    const bad = r.revisions[4]![0];
    const rev2 = r.term.addRevision(bad);
    r.engine.start();
    // Everything leaves but the defect and the revision behind it.
    await waitFor(() => outboxStates(r.term.db).sent === 14 && outboxStates(r.term.db).defect === 1, 'others sent, the defect held');
    expect(pending(r)).toBe(1);
    expect(outboxStates(r.term.db).defect).toBe(1);
    expect(r.events.some((e) => e.type === 'case.defect' && e.caseId === bad && e.code === 'malformed')).toBe(true);
    expect((r.term.db.prepare('SELECT sync_state FROM cases WHERE id = ?').get(bad) as { sync_state: string }).sync_state).toBe('defect');
    await new Promise((res) => setTimeout(res, 300));
    expect(r.sim.control.requestCount(`${bad}:1`)).toBe(1);
    expect(r.sim.control.requestCount(`${bad}:${rev2}`)).toBe(0);
    expect(r.engine.status().si.defects).toBe(1);
    expectExactlyOnce(r, new Set([bad]));
  });

  it('everything at once, with revisions', async () => {
    const chaos: SimFaults = {
      latencyMs: 20,
      errorRate: [{ status: 503, rate: 0.1 }],
      resetRate: 0.1,
      timeoutRate: 0.1,
      truncateRate: 0.1,
      throttle: { rate: 0.05, retryAfterSec: 1 },
    };
    const r = await setup({ faults: { si: chaos, tax: chaos }, cases: 60, revisedEvery: 3, tuning: { requestTimeoutMs: 300 } });
    r.engine.start();
    await drained(r, 25_000);
    expectExactlyOnce(r);
  });
});
