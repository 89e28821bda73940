/**
 * Benchmark `drain`: 10,000 queued cases of the size the workflows produce (a ~10 KB signature PNG included)
 * drained by the sync engine through the simulator with 20 ms added latency and a 100 Mbit/s line, at most 4
 * concurrent requests (batches of up to 200, gzip bodies). Compared with:
 *  - naive_s: one PUT at a time, ESTIMATED from a measured sample of SAMPLE cases × (10,000 / SAMPLE);
 *  - bound_s: the bytes actually on the wire / line bandwidth. The engine gzips its request bodies and the
 *    simulator's line model charges what crosses it; the line is full duplex (request bodies go up, answers come
 *    down, each direction at the full bandwidth), so the bound is the busier direction: the larger of the bytes the
 *    engine's sockets wrote and read (HTTP headers included, seen through the `net.client.socket` diagnostics
 *    channel) — not the raw JSON, which would overstate the bound. wire_bytes is both directions together;
 *  - raw_bound_s: the raw (uncompressed) JSON bytes / bandwidth, the bound earlier versions reported.
 * ratio_to_bound = drain_s / bound_s.
 * The simulator runs as its own process (`npm run sim`), as the private line's server is another machine: in this
 * process it would take the engine's event loop for its own JSON parsing, gunzip and storage.
 * Last line: {"bench":"drain","cases":10000,"drain_s":…,"bytes":…,"wire_bytes":…,"up_bytes":…,"down_bytes":…,"naive_s":…,"speedup":…,
 * "bound_s":…,"raw_bound_s":…,"ratio_to_bound":…}
 */
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { silentLogger } from '../../src-main/core/logging/types';
import { createSyncEngine, type SyncTuning } from '../../src-main/core/sync';
import { launchSimulator } from './_simulator';
import { caseBody, openTerminal, outboxStates, waitFor, type TestTerminal } from '../fault/support/terminal';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const SAMPLE = 100;
const LATENCY_MS = 20;
const BANDWIDTH = 12_500_000; // 100 Mbit/s in bytes/s
const SIGNATURE_BYTES = 7_500; // ~10 KB as base64

function queue(term: TestTerminal, n: number): number {
  let bytes = 0;
  // One outer transaction for the set-up only (each case still goes through the case write).
  term.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = uuidv7();
      const body = caseBody(id, 1, { signatureBytes: SIGNATURE_BYTES });
      bytes += Buffer.byteLength(JSON.stringify(body));
      term.commitCase(id, body, 'si');
    }
  })();
  return bytes;
}

/** Every client socket this process opens (the engine's connections to the simulator), for their byte counts. */
const sockets: Socket[] = [];
subscribe('net.client.socket', (message) => sockets.push((message as { socket: Socket }).socket));
const wireBytes = (): { up: number; down: number } => ({
  up: sockets.reduce((n, s) => n + s.bytesWritten, 0),
  down: sockets.reduce((n, s) => n + s.bytesRead, 0),
});

async function drain(term: TestTerminal, url: string, tuning: Partial<SyncTuning>, timeoutMs: number): Promise<number> {
  const engine = createSyncEngine({ db: term.db, vault: term.vault, config: term.config, logger: silentLogger, onEvent: () => {}, tuning, endpoints: ['si'] });
  const anyPending = term.db.prepare<[], { one: number }>("SELECT 1 AS one FROM outbox WHERE endpoint = 'si' AND state = 'pending' LIMIT 1");
  const started = performance.now();
  engine.start();
  await waitFor(() => anyPending.get() === undefined, 'the outbox to drain', timeoutMs);
  const seconds = (performance.now() - started) / 1000;
  await engine.stop();
  return seconds;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-drain-'));
const launched = await launchSimulator(['--seed', '3', '--errand-delay-ms', 'off', '--latency-ms', String(LATENCY_MS), '--bandwidth-bps', String(BANDWIDTH)]);
const sim = { si: { url: launched.si }, close: launched.stop };
try {
  console.log(`drain bench: ${CASES} cases with a ${SIGNATURE_BYTES} B signature (~10 KB base64), ${LATENCY_MS} ms latency, 100 Mbit/s, ≤ 4 concurrent requests`);
  const config = { si: sim.si.url, tax: null };

  // Naive: one PUT at a time, no batching, measured on a sample.
  const naiveTerm = openTerminal({ dir: path.join(dir, 'naive'), urls: config });
  queue(naiveTerm, SAMPLE);
  const naiveSample = await drain(naiveTerm, sim.si.url, { maxConcurrent: 1, batchThreshold: Number.MAX_SAFE_INTEGER }, 120_000);
  naiveTerm.close();
  const naive = (naiveSample / SAMPLE) * CASES;
  console.log(`  naive (one PUT at a time): ${SAMPLE} cases in ${naiveSample.toFixed(2)} s → ESTIMATED ${naive.toFixed(1)} s for ${CASES} (measured sample × ${CASES / SAMPLE})`);

  const term = openTerminal({ dir: path.join(dir, 'engine'), urls: config });
  const bytes = queue(term, CASES);
  const wireBefore = wireBytes();
  const drainS = await drain(term, sim.si.url, {}, 600_000);
  const sent = outboxStates(term.db).sent ?? 0;
  term.close();
  const after = wireBytes();
  const up = after.up - wireBefore.up;
  const down = after.down - wireBefore.down;
  const wire = up + down;
  const bound = Math.max(up, down) / BANDWIDTH;
  const rawBound = bytes / BANDWIDTH;
  console.log(`  engine (batches ≤ 200, gzip, ≤ 4 requests): ${CASES} cases in ${drainS.toFixed(2)} s; ${(bytes / 1e6).toFixed(1)} MB raw bodies; ${sent} acknowledged`);
  console.log(`  on the wire (gzip bodies, headers): ${(up / 1e6).toFixed(1)} MB up, ${(down / 1e6).toFixed(2)} MB down, ${((100 * wire) / bytes).toFixed(0)}% of the raw JSON`);
  console.log(`  speedup over naive ${(naive / drainS).toFixed(1)}×; bandwidth bound (busier direction's wire bytes / 100 Mbit/s) ${bound.toFixed(2)} s, drain/bound ${(drainS / bound).toFixed(2)} (raw-byte bound ${rawBound.toFixed(2)} s)`);
  console.log(
    JSON.stringify({
      bench: 'drain',
      cases: CASES,
      drain_s: +drainS.toFixed(2),
      bytes,
      wire_bytes: wire,
      up_bytes: up,
      down_bytes: down,
      naive_s: +naive.toFixed(1),
      speedup: +(naive / drainS).toFixed(1),
      bound_s: +bound.toFixed(2),
      raw_bound_s: +rawBound.toFixed(2),
      ratio_to_bound: +(drainS / bound).toFixed(2),
    }),
  );
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
