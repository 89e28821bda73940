/**
 * Benchmark `soak`: the core (startTerminal, as the web host runs it) takes CASES cases through intake — each one a
 * contract call `submitCase` (validated by the dispatcher, built, sealed, committed), its receipt printed on the
 * receipt-printer emulator over a real pty (every PRINT_EVERY-th case), and the outbox synced to the simulator (its
 * own process, no added latency: compressed time, sync tuning of the tests). Memory and the WAL are sampled as it goes.
 *  - rss_mb_start / rss_mb_end: resident set after the warm-up and at the end (after a GC when one can be asked for);
 *  - rss_slope_kb_per_1k_cases: least-squares slope of the RSS samples after the warm-up;
 *  - wal_mb_max: the largest onewindow.db-wal seen (checkpoints keep it bounded);
 *  - submit_p99_growth: p99 of the submit call over the last WINDOW cases / over the first WINDOW after the warm-up.
 * Last line: {"bench":"soak","cases":…,"rss_mb_start":…,"rss_mb_end":…,"rss_slope_kb_per_1k_cases":…,"wal_mb_max":…,
 * "submit_p99_ms_start":…,"submit_p99_ms_end":…,"submit_p99_growth":…}
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { v7 as uuidv7 } from 'uuid';
import { startPrinterEmulator } from '../../native/printer/emulator';
import { createPtyPair } from '../../native/transports';
import { indexCatalog, loadCatalog } from '../../src-main/core/catalog/load';
import { configSchema } from '../../src-main/core/config/schema';
import { startTerminal } from '../../src-main/terminal';
import { call } from '../integration/core/support';
import { intakeInput } from './_cases';
import { idNumberOf, percentile } from './_stats';
import { launchSimulator } from './_simulator';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const WARMUP = Math.min(500, Math.floor(CASES / 10));
const WINDOW = Math.min(1000, Math.floor(CASES / 5));
const SAMPLE_EVERY = Math.max(1, Math.floor(CASES / 100));
const PRINT_EVERY = Number(process.env.BENCH_PRINT_EVERY ?? 10);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const rssMb = () => {
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-soak-'));
const sim = await launchSimulator(['--errand-delay-ms', 'off']);
const pty = await createPtyPair();
const printer = await startPrinterEmulator({ path: pty.b });
const config = configSchema.parse({
  mode: 'training',
  endpoints: { si: { url: sim.si }, tax: { url: sim.tax } },
  devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial', path: pty.a, baudRate: 115200, paperWidthMm: 80 } },
});
const SYNC = { baseDelayMs: 50, capDelayMs: 300, retryBudget: 4, probeBaseMs: 100, probeCapMs: 300, healthIntervalMs: 1000, pollIntervalMs: 1000 };
const terminal = await startTerminal({ config, dataDir: dir, host: 'web', syncTuning: SYNC });
try {
  const index = indexCatalog(loadCatalog());
  const items = ['SI-04-01', 'SI-06-01'].map((c) => index.item(c)!);
  const people: string[] = [];
  for (let i = 0; i < 20; i++) {
    const idNumber = idNumberOf(`33030219900101${String(i).padStart(3, '0')}`);
    people.push((await call<{ applicantId: string }>(terminal, 'enterApplicant', { idNumber, name: `申请人${i}` })).applicantId);
  }
  const signature = randomBytes(7_500).toString('base64');
  const wal = path.join(dir, 'onewindow.db-wal');
  console.log(`soak bench: ${CASES} cases through submitCase, a receipt printed every ${PRINT_EVERY}, synced to the simulator (load ${os.loadavg()[0]!.toFixed(1)})`);

  const submits: number[] = [];
  const samples: [number, number][] = [];
  let walMax = 0;
  let rssStart = 0;
  const started = performance.now();
  for (let n = 1; n <= CASES; n++) {
    const item = items[n % items.length]!;
    const input = intakeInput(uuidv7(), people[n % people.length]!, item, signature);
    const t = performance.now();
    await call(terminal, 'submitCase', input);
    submits.push(performance.now() - t);
    if (n % PRINT_EVERY === 0) {
      await call(terminal, 'printReceipt', { caseId: input.caseId });
      printer.clear(); // the emulator's capture is the bench's, not the core's memory
    }
    if (n % 50 === 0) {
      if (existsSync(wal)) walMax = Math.max(walMax, statSync(wal).size);
      await new Promise((r) => setImmediate(r)); // let the sync engine's timers and sockets run
    }
    if (n === WARMUP) rssStart = rssMb();
    if (n >= WARMUP && n % SAMPLE_EVERY === 0) samples.push([n, rssMb()]);
  }
  const status = () => call<{ unsent: number }>(terminal, 'getStatus', {});
  while ((await status()).unsent > 0) await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - started) / 1000;
  const rssEnd = rssMb();
  // Least-squares slope of RSS (MB) over cases, in KB per 1,000 cases.
  const mx = samples.reduce((s, [x]) => s + x, 0) / samples.length;
  const my = samples.reduce((s, [, y]) => s + y, 0) / samples.length;
  const slope = samples.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / samples.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slopeKb = slope * 1024 * 1000;
  const first = submits.slice(WARMUP, WARMUP + WINDOW).sort((a, b) => a - b);
  const last = submits.slice(-WINDOW).sort((a, b) => a - b);
  const p99Start = percentile(first, 99);
  const p99End = percentile(last, 99);
  console.log(`  ${CASES} cases in ${seconds.toFixed(0)} s, all synced; RSS ${rssStart.toFixed(1)} → ${rssEnd.toFixed(1)} MB, slope ${slopeKb.toFixed(0)} KB per 1,000 cases; WAL max ${(walMax / 2 ** 20).toFixed(1)} MB`);
  console.log(`  submit p99: cases ${WARMUP}–${WARMUP + WINDOW} ${p99Start.toFixed(2)} ms, last ${WINDOW} ${p99End.toFixed(2)} ms`);
  console.log(
    JSON.stringify({
      bench: 'soak',
      cases: CASES,
      seconds: Math.round(seconds),
      rss_mb_start: +rssStart.toFixed(1),
      rss_mb_end: +rssEnd.toFixed(1),
      rss_slope_kb_per_1k_cases: Math.round(slopeKb),
      wal_mb_max: +(walMax / 2 ** 20).toFixed(1),
      submit_p99_ms_start: +p99Start.toFixed(2),
      submit_p99_ms_end: +p99End.toFixed(2),
      submit_p99_growth: +(p99End / p99Start).toFixed(2),
      load: +os.loadavg()[0]!.toFixed(1),
    }),
  );
} finally {
  await terminal.close();
  await printer.close();
  await pty.close();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
