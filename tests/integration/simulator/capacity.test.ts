/** The simulator's capacity (capacity.ts): a token bucket of case revisions per second, 429 or 503 + Retry-After beyond it. */
import { afterEach, describe, expect, it } from 'vitest';
import { CapacityGate, requestCost } from '../../../src-main/simulator/capacity';
import { parseCli } from '../../../src-main/simulator/cli-options';
import { startSimulator, type RequestRecord, type Simulator } from '../../../src-main/simulator';
import { call, caseBody, keyOf, putCase } from './helpers';

let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe('capacity gate', () => {
  it('admits one second of revisions, then refuses with the whole seconds until the bucket holds enough', () => {
    let now = 0;
    const gate = new CapacityGate({ perSec: 10 }, () => now);
    for (let i = 0; i < 10; i++) expect(gate.admit(1)).toBeNull();
    expect(gate.admit(1)).toEqual({ status: 429, retryAfterSec: 1 });
    now += 500; // five tokens back
    expect(gate.admit(6)).toEqual({ status: 429, retryAfterSec: 1 });
    expect(gate.admit(5)).toBeNull();
    now += 10_000;
    expect(gate.admit(40)).toBeNull(); // a batch larger than the bucket takes a full one and leaves it in debt
    expect(gate.admit(1)).toEqual({ status: 429, retryAfterSec: 4 });
    expect(new CapacityGate({ perSec: 1, overload: 503 }, () => 0).admit(2)).toBeNull();
    expect(new CapacityGate({ perSec: 1, overload: 503 }, () => 0).admit(0)).toBeNull();
  });

  it('charges writes the revisions they carry and reads nothing', () => {
    expect(requestCost('GET', undefined)).toBe(0);
    expect(requestCost('PUT', { caseId: 'x' })).toBe(1);
    expect(requestCost('POST', { items: [1, 2, 3] })).toBe(3);
  });

  it('is a command-line option', () => {
    expect(parseCli(['--capacity', '200']).faults?.si?.capacity).toEqual({ perSec: 200, overload: 429 });
    expect(parseCli(['--capacity', '50:503']).faults?.tax?.capacity).toEqual({ perSec: 50, overload: 503 });
    expect(() => parseCli(['--capacity', '0'])).toThrow(/--capacity/);
    expect(() => parseCli(['--capacity', '5:500'])).toThrow(/--capacity/);
  });
});

describe('an endpoint with a capacity', () => {
  it('refuses writes beyond it before applying them, answers reads, and reports every request to the observer', async () => {
    const seen: RequestRecord[] = [];
    sim = await startSimulator({ seed: 1, errandReceiptDelayMs: null, faults: { si: { capacity: { perSec: 3 } } }, onAnswered: (r) => seen.push(r) });
    const bodies = Array.from({ length: 5 }, () => caseBody());
    const replies = await Promise.all(bodies.map((b) => putCase(sim!.si.url, b)));
    const refused = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 201)).toHaveLength(3);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.headers['retry-after']).toBe('1');
      expect(r.body.error).toBe('throttled');
    }
    const applied = bodies.filter((b) => sim!.control.receivedCount(keyOf(b)) === 1);
    expect(applied).toHaveLength(3);
    expect((await call(sim.si.url, 'GET', '/v1/health')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((r) => r.method === 'PUT').map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429]);
    expect(seen.find((r) => r.path === '/v1/health')).toMatchObject({ endpoint: 'si', status: 200, cost: 0 });
  });

  it('answers 503 with Retry-After when set to', async () => {
    sim = await startSimulator({ seed: 1, errandReceiptDelayMs: null, faults: { si: { capacity: { perSec: 1, overload: 503 } } } });
    const [a, b] = await Promise.all([putCase(sim.si.url, caseBody()), putCase(sim.si.url, caseBody())]);
    expect([a!.status, b!.status].sort()).toEqual([201, 503]);
    expect((a!.status === 503 ? a! : b!).headers['retry-after']).toBe('1');
  });
});
