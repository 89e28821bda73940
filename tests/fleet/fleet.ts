/**
 * The fleet simulation (issue 16): N terminals, each with its own SQLite file, vault and the production sync engine,
 * build a backlog while the private line is down, then the line comes back for all of them at once against an
 * endpoint with a capacity (simulator `capacity`: 429 + Retry-After, or 503, beyond it).
 *
 * Every case of the backlog goes to `si`, and only the si lane runs: the tax lane talks to another back office, whose
 * probes and polls would only add load to this machine, not to the endpoint measured.
 *
 * Shape on a 2-core machine: the endpoint runs in a child process (one core); every terminal's engine runs in this
 * process (the other core) — they share the event loop and the Node runtime, nothing of the sync logic. Time may be
 * compressed: `timeScale` divides every duration of the engine's tuning (backoff, probes, health and poll
 * intervals, lease); the endpoint's capacity and its Retry-After stay in real seconds. The result says so.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { silentLogger } from '../../src-main/core/logging/types';
import { createSyncEngine, DEFAULT_TUNING, type SyncEngine, type SyncTuning } from '../../src-main/core/sync';
import { caseBody, openTerminal, outboxStates, terminalConfig, type TestTerminal } from '../fault/support/terminal';
import type { EndpointMessage, EndpointRequest, EndpointSetup } from './protocol';

export interface FleetOptions {
  terminals: number;
  outageMin: number;
  casesPerHour: number;
  /** Case revisions per second each endpoint takes. */
  capacityRps: number;
  overload: 429 | 503;
  /** Engine durations are divided by this (1 = real time). */
  timeScale: number;
  /** false: every terminal's random() returns 1, so all back off on the same schedule (no jitter). */
  jitter: boolean;
  /** Real seconds the line stays down with the engines running (long enough to reach the probe backoff's cap). */
  outageRunS: number;
  /** Give up waiting for the drain after this many real seconds from the line's return. */
  maxRecoveryS: number;
  onProgress?: (line: string) => void;
}

export interface FleetResult {
  terminals: number;
  cases: number;
  requests: number;
  write_requests: number;
  peak_to_mean_rps: number;
  peak_rps: number;
  mean_rps: number;
  fleet_drain_s: number | null;
  ideal_drain_s: number;
  p50_terminal_drain_s: number | null;
  p99_terminal_drain_s: number | null;
  max_terminal_drain_s: number | null;
  /** From the line's return to a terminal's first acknowledged case (when it noticed the line and got a turn). */
  p50_first_ack_s: number | null;
  max_first_ack_s: number | null;
  throttled_share: number;
  /** Revisions a terminal holds as acknowledged that the endpoint never applied. */
  lost: number;
  /** Applications of a revision beyond its first. */
  duplicated: number;
  /** Revisions still waiting at a terminal when the run ended (0 when the fleet drained). */
  unsent: number;
  /** Requests per 1 s bucket from the line's return to the drain (or the give-up). */
  rps: number[];
  /** Of those, the refused ones (429 or 503) per bucket. */
  rps_throttled: number[];
}

/** Every duration knob of the tuning, divided by `scale`. */
export function scaledTuning(scale: number): Partial<SyncTuning> {
  const keys = ['baseDelayMs', 'capDelayMs', 'probeBaseMs', 'probeCapMs', 'healthIntervalMs', 'pollIntervalMs', 'leaseTtlMs'] as const;
  return Object.fromEntries(keys.map((k) => [k, Math.max(1, Math.round(DEFAULT_TUNING[k] / scale))]));
}

/**
 * Real seconds of outage after which a lane backing off without jitter has spent its retry budget and reached the
 * probe backoff's cap (with jitter most lanes are there well before): the state every terminal is in after a long outage.
 */
export function defaultOutageRunS(scale: number): number {
  const t = { ...DEFAULT_TUNING, ...scaledTuning(scale) };
  let ms = 0;
  for (let k = 0; k < t.retryBudget - 1; k++) ms += Math.min(t.capDelayMs, t.baseDelayMs * 2 ** k);
  for (let k = 0; t.probeBaseMs * 2 ** (k - 1) < t.probeCapMs; k++) ms += Math.min(t.probeCapMs, t.probeBaseMs * 2 ** k);
  return Math.ceil(ms / 1000);
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class EndpointProcess {
  private readonly waiting = new Map<string, (m: EndpointMessage) => void>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: EndpointMessage) => {
      const w = this.waiting.get(m.type);
      this.waiting.delete(m.type);
      w?.(m);
    });
  }

  static async start(setup: EndpointSetup): Promise<{ proc: EndpointProcess; si: string; tax: string }> {
    const child = fork(path.join(import.meta.dirname, 'endpoint-process.ts'), [JSON.stringify(setup)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const proc = new EndpointProcess(child);
    const ready = (await proc.next('ready')) as Extract<EndpointMessage, { type: 'ready' }>;
    return { proc, si: ready.si, tax: ready.tax };
  }

  next<T extends EndpointMessage['type']>(type: T, send?: EndpointRequest): Promise<Extract<EndpointMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting.set(type, (m) => resolve(m as Extract<EndpointMessage, { type: T }>));
      this.child.once('exit', (code) => reject(new Error(`endpoint process exited (${code})`)));
      if (send) this.child.send(send);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'close' } satisfies EndpointRequest);
    await Promise.race([exited, sleep(5000)]);
    if (this.child.exitCode === null) this.child.kill();
  }
}

export async function runFleet(o: FleetOptions): Promise<FleetResult> {
  const say = o.onProgress ?? (() => {});
  const perTerminal = Math.round((o.casesPerHour * o.outageMin) / 60);
  // Real files on tmpfs when there is one: a thousand databases with synchronous=FULL on one shared disk would measure
  // the disk, not the fleet.
  const root = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'ow-fleet-'));
  const { proc, si, tax } = await EndpointProcess.start({ capacityPerSec: o.capacityRps, overload: o.overload });
  const terms: TestTerminal[] = [];
  const engines: SyncEngine[] = [];
  try {
    const acked = new Int32Array(o.terminals);
    const drainedAt = new Float64Array(o.terminals).fill(NaN);
    const firstAckAt = new Float64Array(o.terminals).fill(NaN);
    let lineBackAt = Infinity;
    const tuning = scaledTuning(o.timeScale);
    const random = o.jitter ? Math.random : () => 1;
    const started = Date.now();
    for (let i = 0; i < o.terminals; i++) {
      const endpoints = { si: { url: si, timeoutMs: 15_000 }, tax: { url: tax, timeoutMs: 15_000 } };
      const config = terminalConfig({ si, tax }, { endpoints, terminalId: `3303-LW-${String(Math.floor(i / 4)).padStart(4, '0')}-W${(i % 4) + 1}`, branchCode: `3303-LW-${String(Math.floor(i / 4)).padStart(4, '0')}` });
      const term = openTerminal({ dir: path.join(root, `t${i}`), urls: { si, tax }, config });
      terms.push(term);
      term.db.transaction(() => {
        for (let c = 0; c < perTerminal; c++) {
          const id = uuidv7();
          term.commitCase(id, caseBody(id, 1), 'si');
        }
      })();
      engines.push(
        createSyncEngine({
          db: term.db,
          vault: term.vault,
          config: term.config,
          logger: silentLogger,
          random,
          tuning,
          // The backlog goes to si, the endpoint with the capacity measured here; tax is another back office.
          endpoints: ['si'],
          onEvent: (e) => {
            if (e.type !== 'case.synced') return;
            if (acked[i] === 0) firstAckAt[i] = Date.now() - lineBackAt;
            if (++acked[i]! === perTerminal) drainedAt[i] = Date.now() - lineBackAt;
          },
        }),
      );
    }
    say(`${o.terminals} terminals with ${perTerminal} queued cases each ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const e of engines) e.start();
    await sleep(o.outageRunS * 1000);
    lineBackAt = (await proc.next('up', { type: 'up' })).t0;
    say(`line back after ${o.outageRunS} s of outage with the engines running`);
    const cases = perTerminal * o.terminals;
    let done = 0;
    while (Date.now() - lineBackAt < o.maxRecoveryS * 1000) {
      await sleep(250);
      done = acked.reduce((n, a) => n + a, 0);
      if (done >= cases) break;
    }
    const fleetDrainS = done >= cases ? (Math.max(...drainedAt) / 1000) : null;
    say(`${done}/${cases} acknowledged after ${((Date.now() - lineBackAt) / 1000).toFixed(1)} s`);
    await Promise.all(engines.map((e) => e.stop()));

    const report = await proc.next('report', { type: 'report' });
    const applied = new Map<string, number>();
    for (const k of report.applied) applied.set(k, (applied.get(k) ?? 0) + 1);
    let duplicated = 0;
    for (const n of applied.values()) if (n > 1) duplicated += n - 1;
    let lost = 0;
    let unsent = 0;
    for (const t of terms) {
      for (const { key } of t.db.prepare<[], { key: string }>(`SELECT idempotency_key AS key FROM outbox WHERE state = 'sent'`).all()) if (!applied.has(key)) lost++;
      const states = outboxStates(t.db);
      unsent += (states.pending ?? 0) + (states.defect ?? 0);
    }

    const endMs = fleetDrainS !== null ? fleetDrainS * 1000 : o.maxRecoveryS * 1000;
    const inWindow = report.records.filter((r) => r[0] >= 0 && r[0] < Math.ceil(endMs / 1000) * 1000);
    const rps = new Array<number>(Math.max(1, Math.ceil(endMs / 1000))).fill(0);
    const rpsThrottled = rps.map(() => 0);
    for (const r of inWindow) {
      const b = Math.floor(r[0] / 1000);
      rps[b]!++;
      if (r[2] === 429 || r[2] === 503) rpsThrottled[b]!++;
    }
    const mean = inWindow.length / rps.length;
    const peak = Math.max(...rps);
    const throttled = rpsThrottled.reduce((n, k) => n + k, 0);
    const drains = [...drainedAt].filter((d) => !Number.isNaN(d)).map((d) => d / 1000).sort((a, b) => a - b);
    const all = drains.length === o.terminals;
    const firsts = [...firstAckAt].filter((d) => !Number.isNaN(d)).map((d) => d / 1000).sort((a, b) => a - b);
    return {
      terminals: o.terminals,
      cases,
      requests: inWindow.length,
      write_requests: inWindow.filter((r) => r[1] === 1).length,
      peak_to_mean_rps: round(peak / mean),
      peak_rps: peak,
      mean_rps: round(mean, 1),
      fleet_drain_s: fleetDrainS === null ? null : round(fleetDrainS, 1),
      ideal_drain_s: round(cases / o.capacityRps, 1),
      p50_terminal_drain_s: all ? round(quantile(drains, 0.5)!, 1) : null,
      p99_terminal_drain_s: all ? round(quantile(drains, 0.99)!, 1) : null,
      max_terminal_drain_s: all ? round(drains[drains.length - 1]!, 1) : null,
      p50_first_ack_s: firsts.length ? round(quantile(firsts, 0.5)!, 1) : null,
      max_first_ack_s: firsts.length ? round(firsts[firsts.length - 1]!, 1) : null,
      throttled_share: round(throttled / Math.max(1, inWindow.length), 3),
      lost,
      duplicated,
      unsent,
      rps,
      rps_throttled: rpsThrottled,
    };
  } finally {
    await Promise.all(engines.map((e) => e.stop()));
    for (const t of terms) t.db.close();
    await proc.close();
    rmSync(root, { recursive: true, force: true });
  }
}
