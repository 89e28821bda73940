/** How the engine takes a server's "not now" (429, 503 + Retry-After), against scripted loopback servers. */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine, type SyncEngine } from '../../../src-main/core/sync';
import { FAST_TUNING, openTerminal, outboxStates, terminalConfig, waitFor, type TestTerminal } from '../../fault/support/terminal';
import { ack, routed, startRawServer, type Reply, type SeenRequest } from './raw-server';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function server(handler: (req: SeenRequest) => Reply | Promise<Reply>) {
  const s = await startRawServer(handler);
  cleanup.push(() => s.close());
  return s;
}

function run(t: TestTerminal, tuning: Record<string, number> = {}): SyncEngine {
  const e = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger: silentLogger, onEvent: () => {}, tuning: { ...FAST_TUNING, ...tuning } });
  cleanup.push(() => e.stop());
  e.start();
  return e;
}

function terminal(urls: { si: string; tax: string }): TestTerminal {
  const t = openTerminal({ urls, config: terminalConfig(urls) });
  cleanup.push(() => t.close());
  return t;
}

const throttled = (seconds: number): Reply => ({ status: 429, json: { error: 'throttled', message: 'slow down' }, headers: { 'retry-after': String(seconds) } });
const batchAck = (req: SeenRequest): Reply => {
  const items = (req.body as { items: { idempotencyKey: string }[] }).items;
  return { status: 200, json: { results: items.map((i, n) => ({ idempotencyKey: i.idempotencyKey, status: 201, body: { caseNo: `RAW-${n}`, status: 'received' } })) } };
};

/** A server that throttles the first PUT (Retry-After `seconds`) and acknowledges everything else; when it throttled. */
async function throttlingOnce(seconds: number) {
  let at = 0;
  const s = await server(
    routed((req) => {
      if (at === 0 && req.method === 'PUT') {
        at = Date.now();
        return throttled(seconds);
      }
      return ack();
    }),
  );
  return { server: s, throttledAt: () => at };
}

describe('a throttled terminal', () => {
  it('holds everything it sends to that server — both lanes, health probes and change polls — for at least Retry-After', async () => {
    const { server: s, throttledAt: when } = await throttlingOnce(1);
    // Both endpoints behind one origin (a head-office gateway): one hold for the terminal.
    const t = terminal({ si: s.url, tax: s.url });
    const a = t.addCase({ endpoint: 'si' });
    run(t, { batchThreshold: 1_000, healthIntervalMs: 100, pollIntervalMs: 100 });
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent after the hold');
    const throttledAt = when();
    const during = s.seen.filter((r) => r.at > throttledAt && r.at < throttledAt + 1_000);
    expect(during.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // Outside the hold the lanes poll every 100 ms, so the empty second is the hold, not a quiet line.
    expect(s.seen.filter((r) => r.at >= throttledAt + 1_000).length).toBeGreaterThan(1);
    expect(s.seen.filter((r) => r.method === 'PUT').map((r) => r.headers['idempotency-key'])).toEqual([`${a}:1`, `${a}:1`]);
  });

  it('does not hold a lane whose server did not throttle', async () => {
    const { server: si, throttledAt: when } = await throttlingOnce(2);
    const tax = await server(routed(() => ack()));
    const t = terminal({ si: si.url, tax: tax.url });
    t.addCase({ endpoint: 'si' });
    run(t, { batchThreshold: 1_000, healthIntervalMs: 100, pollIntervalMs: 100 });
    await waitFor(() => when() > 0 && Date.now() > when() + 1_000, 'a second into the hold', 10_000);
    const throttledAt = when();
    expect(tax.seen.filter((r) => r.at > throttledAt).length).toBeGreaterThan(2);
    expect(si.seen.filter((r) => r.at > throttledAt && r.at < throttledAt + 1_000)).toEqual([]);
  });

  /**
   * A terminal with `cases` queued against a server that throttles its first `refuse` writes (Retry-After
   * `seconds`) and takes the rest; sends one write at a time, batches up to `batchMax`. The sizes of its writes.
   */
  async function writeSizes(cases: number, refuse: number, seconds: number, batchMax: number): Promise<number[]> {
    const sizes: number[] = [];
    const s = await server(
      routed((req) => {
        sizes.push((req.body as { items?: unknown[] }).items?.length ?? 1);
        return refuse-- > 0 ? throttled(seconds) : req.path === '/v1/cases/batch' ? batchAck(req) : ack();
      }),
    );
    const t = terminal({ si: s.url, tax: s.url });
    for (let i = 0; i < cases; i++) t.addCase({ endpoint: 'si' });
    run(t, { maxConcurrent: 1, batchMax });
    await waitFor(() => outboxStates(t.db).sent === cases, `all ${cases} sent`, 20_000);
    return sizes;
  }

  it('halves its batches while the server throttles them, and doubles back once they are taken', async () => {
    // 40 refused, 20 refused, then 10 taken, 20 taken, the last 10.
    expect(await writeSizes(40, 2, 1, 40)).toEqual([40, 20, 10, 20, 10]);
  });

  it('doubles its batches back from single writes once a single write is taken', async () => {
    // 8, 4, 2 refused; a single write taken, then batches of 2, 4, 8 again and the last case alone.
    expect(await writeSizes(16, 3, 0, 8)).toEqual([8, 4, 2, 1, 2, 4, 8, 1]);
  });

  it('after a refusal tries the server with one write, then one more at a time for each write it takes', async () => {
    let refuse = 4;
    const s = await server(
      routed(async (req) => {
        if (req.method !== 'PUT') return ack();
        if (refuse-- > 0) return throttled(1);
        await new Promise((r) => setTimeout(r, 300)); // slow enough answers that writes sent together overlap
        return ack();
      }),
    );
    const t = terminal({ si: s.url, tax: s.url });
    for (let i = 0; i < 8; i++) t.addCase({ endpoint: 'si' });
    run(t, { batchThreshold: 1_000, maxConcurrent: 4 });
    await waitFor(() => outboxStates(t.db).sent === 8, 'all 8 sent', 20_000);
    const puts = s.seen.filter((r) => r.method === 'PUT').map((r) => r.at);
    // Four together, all refused (one hold); after it one write alone; after its answer two together; a third only
    // after one of those is answered (not four at once into a server that was full a moment ago).
    expect(puts.length).toBe(12);
    expect(puts[3]! - puts[0]!).toBeLessThan(200);
    expect(puts[4]! - puts[3]!).toBeGreaterThanOrEqual(1_000);
    expect(puts[5]! - puts[4]!).toBeGreaterThanOrEqual(250);
    expect(puts[6]! - puts[5]!).toBeLessThan(200);
    expect(puts[7]! - puts[5]!).toBeGreaterThanOrEqual(250);
  });

  it('takes 503 with Retry-After as a throttle, not as a broken line (the retry budget is not spent)', async () => {
    let n = 0;
    const s = await server(routed(() => (n++ < 6 ? { status: 503, json: { error: 'unavailable', message: 'busy' }, headers: { 'retry-after': '0' } } : ack())));
    const t = terminal({ si: s.url, tax: s.url });
    t.addCase({ endpoint: 'si' });
    const e = run(t, { batchThreshold: 1_000, retryBudget: 2, probeBaseMs: 5_000, probeCapMs: 5_000 });
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent', 10_000);
    expect(e.status().si.line).not.toBe('down');
    expect(s.seen.filter((r) => r.method === 'PUT')).toHaveLength(7);
  });
});
