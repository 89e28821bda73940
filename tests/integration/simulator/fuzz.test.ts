/**
 * Fuzz of the built-in simulator's endpoints: 100,000 hostile requests (broken percent-encodings in case ids, odd
 * methods, required headers missing or wrong, gzip that is not gzip, random bodies, malformed HTTP) on both private
 * lines over keep-alive connections. Every well-formed request is answered below 500, the simulator still answers
 * afterwards, and its store holds no new case, answer or change. Seeded: FUZZ_SEED replays a run.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { tableDigest } from '../../support/db-digest';
import { buildRequest, createRandom, malformedRequest, METHODS, noiseHeaders, percentNoise, pipeline, randomBody, randomTarget, type Random, type RawRequest } from '../../support/fuzz';

const TOTAL = Number(process.env.FUZZ_TOTAL ?? 100_000);
const PER_CONNECTION = 250;
const PARALLEL = 4;
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
/** What the simulator stores for the terminal (sim_counts, its request counter for tests, is left out). */
const SIM_TABLES = ['sim_cases', 'sim_idempotency', 'sim_changes', 'sim_errand_batches', 'sim_sequences'];

let dir: string;
let sim: Simulator;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-sim-fuzz-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0, dataFile: path.join(dir, 'simulator.db') });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(r: Random, port: number): RawRequest {
  const headers: [string, string][] = [['Host', `127.0.0.1:${port}`]];
  if (r.chance(0.8)) headers.push(['X-Terminal-Id', r.pick(['3303-LW-0012-W03', '', percentNoise(r)])]);
  if (r.chance(0.8)) headers.push(['X-Branch-Code', r.pick(['3303-LW-0012', percentNoise(r)])]);
  if (r.chance(0.8)) headers.push(['X-Request-Id', r.chance(0.7) ? randomUUID() : percentNoise(r)]);
  // Rare: the simulator counts every keyed request durably (one flush each), which would bound the fuzz's pace.
  if (r.chance(0.0005)) headers.push(['Idempotency-Key', r.pick([`${randomUUID()}:1`, percentNoise(r), 'x', `${randomUUID()}:${r.int(1e9)}`])]);
  if (r.chance(0.3)) headers.push(['Content-Type', r.pick(['application/json', 'text/plain'])]);
  let body = randomBody(r);
  if (r.chance(0.2)) {
    headers.push(['Content-Encoding', r.pick(['gzip', 'x-gzip', 'br', 'gzip, gzip', percentNoise(r)])]);
    if (r.chance(0.5)) body = gzipSync(body);
  }
  const method = r.chance(0.6) ? r.pick(['PUT', 'POST', 'GET']) : r.pick(METHODS);
  // /__sim/ is the simulator's own control API for tests; only its reads are fuzzed here.
  const target = r.chance(0.05)
    ? randomTarget(r, ['/__sim/cases/', '/__sim/counts/', '/__sim/faults'])
    : randomTarget(r, ['/v1/cases/', '/v1/cases/batch', '/v1/changes?since=', '/v1/health', '/v1/errand-batches', '/v1/catalog?', '/']);
  const safeMethod = target.startsWith('/__sim/') ? r.pick(['GET', 'HEAD']) : method;
  return buildRequest(safeMethod, target, [...headers, ...noiseHeaders(r)], safeMethod === 'GET' || safeMethod === 'HEAD' ? Buffer.alloc(0) : body);
}

async function fuzz(r: Random, count: number): Promise<{ sent: number; statuses: number[] }> {
  let sent = 0;
  const statuses: number[] = [];
  while (sent < count) {
    const port = r.chance(0.5) ? sim.si.port : sim.tax.port;
    const batch: RawRequest[] = [];
    const n = Math.min(PER_CONNECTION, count - sent);
    for (let i = 0; i < n; i++) batch.push(request(r, port));
    const result = await pipeline(port, batch);
    expect(result.statuses.length, `answers on one connection (seed ${SEED})`).toBe(batch.length);
    statuses.push(...result.statuses);
    sent += n;
    if (sent < count) {
      statuses.push(...(await pipeline(port, [malformedRequest(r, `127.0.0.1:${port}`)])).statuses);
      sent++;
    }
  }
  return { sent, statuses };
}

it(`survives ${TOTAL.toLocaleString('en')} hostile requests on both lines and stores nothing`, async () => {
  const file = path.join(dir, 'simulator.db');
  const before = tableDigest(file, SIM_TABLES);
  const random = createRandom(SEED);
  const results = await Promise.all(Array.from({ length: PARALLEL }, () => fuzz(createRandom(random.int(2 ** 31)), TOTAL / PARALLEL)));
  const statuses = results.flatMap((x) => x.statuses);
  expect(results.reduce((n, x) => n + x.sent, 0)).toBeGreaterThanOrEqual(TOTAL);
  expect(statuses.filter((s) => s >= 500), 'no request is answered with a server error').toEqual([]);
  expect(new Set(statuses)).toContain(400);
  for (const ep of [sim.si, sim.tax]) {
    const res = await fetch(`${ep.url}/v1/health`, { headers: { 'x-terminal-id': '3303-LW-0012-W03', 'x-branch-code': '3303-LW-0012', 'x-request-id': randomUUID() } });
    expect(res.status).toBe(200);
  }
  expect(tableDigest(file, SIM_TABLES)).toBe(before);
}, 180_000);
