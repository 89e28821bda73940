/** Every fault class of the simulator, observed by a real HTTP client on loopback. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { EndpointFaults } from '../../../src-main/simulator/faults';
import { call, caseBody, keyOf, outcomeCode, putCase } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const elapsed = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

describe('faults', () => {
  it('latency delays every request by at least latencyMs', async () => {
    sim.control.setFaults('si', { latencyMs: 150 });
    expect(await elapsed(() => call(sim.si.url, 'GET', '/v1/health'))).toBeGreaterThanOrEqual(145);
  });

  it('bandwidth paces bodies on one line shared by concurrent requests', async () => {
    sim.control.setFaults('si', { bandwidthBytesPerSec: 200_000 });
    const big = (b: ReturnType<typeof caseBody>) => ({ ...b, signature: { sha256: 'b'.repeat(64), png: 'A'.repeat(40_000) } });
    const [a, b] = [big(caseBody()), big(caseBody())];
    // two requests of ~41 kB each: at 200 kB/s together they need at least ~0.4 s
    const t = await elapsed(() => Promise.all([putCase(sim.si.url, a), putCase(sim.si.url, b)]));
    expect(t).toBeGreaterThanOrEqual(380);
    expect(sim.control.cases()).toHaveLength(2);
  });

  it('the line is full duplex: an answer going down does not wait behind a request body going up', async () => {
    const faults = new EndpointFaults(1, { bandwidthBytesPerSec: 100_000 });
    const order: string[] = [];
    const started = performance.now();
    const up = faults.transfer(50_000).then(() => order.push('up')); // 0.5 s up
    const secondUp = faults.transfer(1_000).then(() => order.push('second up')); // queued behind the first
    const down = faults.transfer(1_000, 'down').then(() => order.push('down')); // 10 ms down
    await Promise.all([up, secondUp, down]);
    expect(order).toEqual(['down', 'up', 'second up']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(505);
  });

  it('errorRate answers the status with an error body and applies nothing', async () => {
    sim.control.setFaults('si', { errorRate: [{ status: 503, rate: 1 }] });
    const body = caseBody();
    const r = await putCase(sim.si.url, body);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: 'unavailable', message: expect.any(String) });
    expect(sim.control.receivedCount(keyOf(body))).toBe(0);
    expect(sim.control.requestCount(keyOf(body))).toBe(1);
    expect(sim.control.cases()).toEqual([]);
  });

  it('fault draws are deterministic for a seed', async () => {
    const run = async () => {
      const s = await startSimulator({ seed: 42, faults: { si: { errorRate: [{ status: 502, rate: 0.5 }] } } });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 16; i++) codes.push((await call(s.si.url, 'GET', '/v1/health')).status);
        return codes;
      } finally {
        await s.close();
      }
    };
    const first = await run();
    expect(first).toContain(200);
    expect(first).toContain(502);
    expect(await run()).toEqual(first);
  });

  it('resetRate cuts the connection before anything is applied', async () => {
    sim.control.setFaults('si', { resetRate: 1 });
    const body = caseBody();
    expect(await outcomeCode(putCase(sim.si.url, body))).toBe('ECONNRESET');
    expect(sim.control.receivedCount(keyOf(body))).toBe(0);
    expect(sim.control.requestCount(keyOf(body))).toBe(1);
  });

  it('timeoutRate applies the write but never answers; the resend is a replay', async () => {
    sim.control.setFaults('si', { timeoutRate: 1 });
    const body = caseBody();
    expect(await outcomeCode(putCase(sim.si.url, body, { timeoutMs: 300 }))).toBe('TIMEOUT');
    expect(sim.control.receivedCount(keyOf(body))).toBe(1);
    sim.control.setFaults('si', {});
    const again = await putCase(sim.si.url, body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(sim.control.receivedCount(keyOf(body))).toBe(1);
  });

  it('truncateRate applies the write and sends half a body', async () => {
    sim.control.setFaults('si', { truncateRate: 1 });
    const body = caseBody();
    expect(await outcomeCode(putCase(sim.si.url, body))).toBe('TRUNCATED');
    expect(sim.control.getCase(body.caseId)?.revisions).toEqual([1]);
    sim.control.setFaults('si', {});
    expect((await putCase(sim.si.url, body)).headers['idempotent-replayed']).toBe('true');
  });

  it('throttle answers 429 with Retry-After and applies nothing', async () => {
    sim.control.setFaults('tax', { throttle: { rate: 1, retryAfterSec: 7 } });
    const body = caseBody();
    const r = await putCase(sim.tax.url, body);
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('7');
    expect(r.body.error).toBe('throttled');
    expect(sim.control.cases()).toEqual([]);
  });

  it('authFail answers 401 unauthenticated for everything', async () => {
    sim.control.setFaults('si', { authFail: true });
    const health = await call(sim.si.url, 'GET', '/v1/health');
    expect(health.status).toBe(401);
    expect(health.body.error).toBe('unauthenticated');
    expect((await putCase(sim.si.url, caseBody())).status).toBe(401);
    expect((await call(sim.tax.url, 'GET', '/v1/health')).status).toBe(200);
  });

  it('down as a fault resets API requests while the control API stays reachable', async () => {
    sim.control.setFaults('si', { down: true });
    expect(await outcomeCode(call(sim.si.url, 'GET', '/v1/health'))).toBe('ECONNRESET');
    expect((await call(sim.si.url, 'GET', '/__sim/faults')).body.si).toEqual({ down: true });
  });

  it('setDown really stops the listener and brings it back on the same port', async () => {
    await sim.control.setDown('si', true);
    expect(await outcomeCode(call(sim.si.url, 'GET', '/v1/health'))).toBe('ECONNREFUSED');
    expect((await call(sim.tax.url, 'GET', '/v1/health')).status).toBe(200);
    await sim.control.setDown('si', false);
    expect((await call(sim.si.url, 'GET', '/v1/health')).status).toBe(200);
  });
});
