/**
 * Crash test: a child terminal core (the real one: case service, transactional outbox, sync engine) accepts and syncs cases while this process SIGKILLs it at random points
 * and restarts it, N times; then a last child drains the outbox and terminal and simulator are compared.
 * "lost": a committed case revision the server does not hold (or that never left the outbox);
 * "duplicated": a revision the server applied more than once, or a case the server holds that the terminal
 * never committed.
 * Each restart (every child after the first, and the final drainer) is also timed: from the moment the parent
 * starts the new core to the first case write (PUT /v1/cases/… or POST /v1/cases/batch) that reaches the simulator,
 * for restarts where the outbox held unsent revisions. The child runs with the production lease TTL (30 s), so this
 * shows whether a restarted core waits for the dead core's lease. A child is not killed before its first write
 * (waited for up to 60 s; a restart that sends nothing within that counts as 60 s).
 * Usage: npx tsx tests/fault/crash.ts --runs N
 * Last line: {"fault":"crash","runs":…,"cases":…,"lost":…,"duplicated":…,"restart_to_first_send_p50_ms":…,"restart_to_first_send_p99_ms":…}
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { openDatabase } from '../../src-main/core/db/open';
import { startSimulator } from '../../src-main/simulator';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const argRuns = process.argv.indexOf('--runs');
const runs = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 50;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs N: a positive integer');

// Bundle the child once (node starts it in ~0.2 s instead of tsx's ~1 s); it lives under node_modules/.cache so
// that better-sqlite3 and the migrations folder resolve as in the repository.
const cacheDir = path.join(root, 'node_modules', '.cache', 'onewindow-crash');
mkdirSync(cacheDir, { recursive: true });
const childJs = path.join(cacheDir, `child-${process.pid}.mjs`);
await build({
  entryPoints: [path.join(here, 'crash-child.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: childJs,
  packages: 'external',
  logLevel: 'error',
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-crash-'));
const FIRST_SEND_WAIT_MS = 60_000;
/** Time of the first case write on the wire since the current child was started (null: none yet). */
let firstWriteAt: number | null = null;
const isWrite = (method: string, p: string) => (method === 'PUT' && p.startsWith('/v1/cases/')) || (method === 'POST' && p === '/v1/cases/batch');
const sim = await startSimulator({
  onRequest: (_ep, method, p) => {
    if (firstWriteAt === null && isWrite(method, p)) firstWriteAt = Date.now();
  },
  dataFile: path.join(dir, 'sim.db'),
  seed: 7,
  errandReceiptDelayMs: null,
  faults: {
    si: { latencyMs: 15, timeoutRate: 0.05, truncateRate: 0.05, resetRate: 0.03 },
    tax: { latencyMs: 15, timeoutRate: 0.05, truncateRate: 0.05, resetRate: 0.03 },
  },
});

/** Unsent revisions in the outbox (the child is not running; the file may not exist yet). */
function queued(): number {
  try {
    const db = new Database(path.join(dir, 'onewindow.db'), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** Restart-to-first-send samples (ms), for restarts that found something queued. */
const restartToFirstSend: number[] = [];
/** Restart-to-ready samples (ms): the process start, module loading and core set-up alone, for comparison. */
const restartToReady: number[] = [];
let restartStartedAt = 0;
let restartQueued = false;

function startChild(drain: boolean): ChildProcess {
  restartQueued = queued() > 0;
  firstWriteAt = null;
  restartStartedAt = Date.now();
  return spawn(process.execPath, [childJs, dir, sim.si.url, sim.tax.url, ...(drain ? ['--drain'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The child prints "ready" once its database is open and its engine started. */
function ready(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const onData = (b: Buffer) => {
      if (b.toString().includes('ready')) {
        c.stdout!.off('data', onData);
        c.stdout!.resume();
        resolve();
      }
    };
    c.stdout!.on('data', onData);
    c.once('exit', () => resolve());
  });
}

/** Waits (at most FIRST_SEND_WAIT_MS after its start) for the running child's first write; records the sample. */
async function firstSend(c: ChildProcess): Promise<void> {
  if (!restartQueued) return;
  while (firstWriteAt === null && c.exitCode === null && Date.now() - restartStartedAt < FIRST_SEND_WAIT_MS) await new Promise((r) => setTimeout(r, 5));
  restartToFirstSend.push(firstWriteAt === null ? FIRST_SEND_WAIT_MS : firstWriteAt - restartStartedAt);
  restartQueued = false;
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const exited = (c: ChildProcess) => new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code))));

let exitCode: number;
try {
  console.log(`crash test: ${runs} runs; a child accepts and syncs cases and is SIGKILLed at a random point (0–600 ms after it is ready, not before its first send)`);
  for (let i = 0; i < runs; i++) {
    const child = startChild(false);
    await ready(child);
    if (i > 0) restartToReady.push(Date.now() - restartStartedAt);
    await new Promise((r) => setTimeout(r, Math.random() * 600));
    await firstSend(child);
    child.kill('SIGKILL');
    await exited(child);
    // Requests the dead child wrote before it died are already readable here: let the simulator take them in now, so
    // they are not counted as the next child's first send.
    await new Promise((r) => setTimeout(r, 20));
    if ((i + 1) % 10 === 0) console.log(`  ${i + 1}/${runs} kills`);
  }
  // Faults off for the final drain so it ends quickly; the kills above happened under faults.
  sim.control.setFaults('si', {});
  sim.control.setFaults('tax', {});
  const drainer = startChild(true);
  const timer = setTimeout(() => drainer.kill('SIGKILL'), 120_000);
  await firstSend(drainer);
  const code = await exited(drainer);
  clearTimeout(timer);
  if (code !== 0) console.log(`  drain child ended with ${code}`);

  const db = openDatabase(path.join(dir, 'onewindow.db'));
  const rows = db.prepare('SELECT case_id AS caseId, rev, endpoint, idempotency_key AS key, state FROM outbox').all() as {
    caseId: string;
    rev: number;
    endpoint: 'si' | 'tax';
    key: string;
    state: string;
  }[];
  const cases = (db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
  const terminalCases = new Set((db.prepare('SELECT id FROM cases').all() as { id: string }[]).map((r) => r.id));
  db.close();

  let lost = 0;
  let duplicated = 0;
  let resent = 0;
  for (const r of rows) {
    const applied = sim.control.receivedCount(r.key, r.endpoint);
    if (sim.control.requestCount(r.key, r.endpoint) > 1) resent++;
    if (r.state === 'pending' || applied === 0) lost++;
    if (applied > 1) duplicated++;
  }
  for (const c of sim.control.cases()) {
    if (!terminalCases.has(c.caseId)) duplicated++; // the server holds a case the terminal never committed
    if (new Set(c.revisions).size !== c.revisions.length) duplicated++;
    const sorted = [...c.revisions].sort((a, b) => a - b);
    if (sorted.some((v, i) => v !== c.revisions[i])) console.log(`  revisions out of order for ${c.caseId}: ${c.revisions.join(',')}`);
  }
  console.log(`  terminal: ${cases} cases, ${rows.length} revisions; server: ${sim.control.cases().length} cases; ${resent} revisions were sent more than once (same key) after a kill or a fault`);
  const p50 = percentile(restartToFirstSend, 50);
  const p99 = percentile(restartToFirstSend, 99);
  console.log(
    `  restart to first send: ${restartToFirstSend.length} restarts with something queued; max ${Math.max(...restartToFirstSend)} ms; ` +
      `restart to core ready (process start and set-up alone): p50 ${percentile(restartToReady, 50)} ms; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  console.log(JSON.stringify({ fault: 'crash', runs, cases, lost, duplicated, restart_to_first_send_p50_ms: p50, restart_to_first_send_p99_ms: p99 }));
  exitCode = lost === 0 && duplicated === 0 ? 0 : 1;
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(childJs, { force: true });
}
process.exit(exitCode);
