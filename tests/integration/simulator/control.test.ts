/** The /__sim/ control API over HTTP (as Playwright drives it from another process), and the CLI. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { call, caseBody, keyOf, outcomeCode, putCase } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 4 });
});
afterAll(() => sim.close());
beforeEach(() => call(sim.si.url, 'POST', '/__sim/reset'));

describe('control API', () => {
  it('sets and reads faults on either port', async () => {
    const set = await call(sim.tax.url, 'POST', '/__sim/faults', { body: { endpoint: 'si', faults: { errorRate: [{ status: 500, rate: 1 }] } } });
    expect(set.status).toBe(200);
    expect((await call(sim.si.url, 'GET', '/v1/health')).status).toBe(500);
    expect((await call(sim.si.url, 'GET', '/__sim/faults')).body).toEqual({ si: { errorRate: [{ status: 500, rate: 1 }] }, tax: {} });
    expect((await call(sim.si.url, 'POST', '/__sim/faults', { body: { endpoint: 'si', faults: { bogus: 1 } } })).status).toBe(400);
  });

  it('takes an endpoint down for a while and brings it back by itself', async () => {
    const down = await call(sim.si.url, 'POST', '/__sim/down', { body: { endpoint: 'si', down: true, forMs: 300 } });
    expect(down.status).toBe(200);
    expect(await outcomeCode(call(sim.si.url, 'GET', '/v1/health'))).toBe('ECONNRESET');
    await expect.poll(() => outcomeCode(call(sim.si.url, 'GET', '/v1/health')), { timeout: 2000, interval: 50 }).toBe('HTTP 200');
    await call(sim.si.url, 'POST', '/__sim/down', { body: { endpoint: 'tax', down: true } });
    expect(await outcomeCode(call(sim.tax.url, 'GET', '/v1/health'))).toBe('ECONNRESET');
    await call(sim.tax.url, 'POST', '/__sim/down', { body: { endpoint: 'tax', down: false } });
    expect(await outcomeCode(call(sim.tax.url, 'GET', '/v1/health'))).toBe('HTTP 200');
  });

  it('lists cases, counts keys, advances cases and resets', async () => {
    const body = caseBody({ kind: 'commitment' });
    await putCase(sim.si.url, body);
    await putCase(sim.si.url, body);
    const counts = await call(sim.si.url, 'GET', `/__sim/counts/${encodeURIComponent(keyOf(body))}`);
    expect(counts.body).toEqual({ key: keyOf(body), received: 1, requests: 2 });
    expect((await call(sim.si.url, 'GET', '/__sim/cases?endpoint=si')).body).toHaveLength(1);
    expect((await call(sim.si.url, 'GET', '/__sim/cases?endpoint=tax')).body).toHaveLength(0);

    const advanced = await call(sim.si.url, 'POST', '/__sim/advance', { body: { caseId: body.caseId, status: 'approved', note: '审核通过' } });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ caseId: body.caseId, status: 'approved' });
    expect((await call(sim.si.url, 'GET', `/__sim/cases/${body.caseId}`)).body.status).toBe('approved');
    expect((await call(sim.si.url, 'GET', '/v1/changes')).body.changes).toEqual([expect.objectContaining({ status: 'approved', note: '审核通过' })]);
    expect((await call(sim.si.url, 'POST', '/__sim/advance', { body: { caseId: caseBody().caseId, status: 'approved' } })).status).toBe(404);
    expect((await call(sim.si.url, 'POST', '/__sim/advance', { body: { caseId: body.caseId, status: 'lost' } })).status).toBe(400);

    await call(sim.tax.url, 'POST', '/__sim/reset');
    expect((await call(sim.si.url, 'GET', '/__sim/cases')).body).toEqual([]);
    expect((await call(sim.si.url, 'GET', `/__sim/cases/${body.caseId}`)).status).toBe(404);
  });
});

describe('CLI', () => {
  it('prints one URL line per endpoint, applies fault flags and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/simulator/cli.ts', '--si-port', '0', '--tax-port', '0', '--error-rate', '503:1', '--seed', '5'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const urls: Record<string, string> = {};
      for await (const line of lines) {
        const m = /^(si|tax): (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) urls[m[1]!] = m[2]!;
        if (urls.si && urls.tax) break;
      }
      expect((await call(urls.si!, 'GET', '/v1/health')).status).toBe(503);
      expect((await call(urls.tax!, 'GET', '/__sim/faults')).body.tax).toEqual({ errorRate: [{ status: 503, rate: 1 }] });
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
