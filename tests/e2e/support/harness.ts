import { test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import { createPtyPair, type PtyPair } from '../../../native/transports';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { CallResult } from '../../../src-main/contract';
import { DEMO_USERS } from '../../../src-main/core/people/demo-users';
import { TEST_PIN, testUsers } from '../../support/people';

export { TEST_PEOPLE, TEST_PIN } from '../../support/people';

/** Short sync timings so that outage tests finish in seconds (production defaults are minutes). */
export const FAST_SYNC = {
  baseDelayMs: 200,
  capDelayMs: 1000,
  retryBudget: 2,
  probeBaseMs: 300,
  probeCapMs: 1000,
  healthIntervalMs: 1000,
  pollIntervalMs: 1000,
};

export interface Harness {
  url: string;
  /** The citizen-facing rating view with its own token. */
  citizenUrl: string;
  card: IdCardEmulator;
  printer: PrinterEmulator;
  sim: Simulator;
  dataDir: string;
  /**
   * Signs a person in at the window through the web host's API (the terminal has one window: every page opened on
   * `url` then shows that person). startHarness already signed in T0042, who holds every duty (see
   * tests/support/people.ts); call this to act as someone else (TEST_PEOPLE, PIN TEST_PIN).
   */
  signIn(userId?: string, pin?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A whole counter on this machine: an ID-card reader emulator and a receipt-printer emulator on real socat pty
 * pairs, both private lines in the simulator on loopback, and the web host as its own process, configured through
 * a terminal configuration file exactly as branch IT would.
 */
export async function startHarness(
  opts: {
    firstRun?: boolean;
    syncTuning?: Record<string, number>;
    /** The terminal's own emulated reader (模拟放卡) instead of the pty one. */
    emulatedReader?: boolean;
    /** More of the terminal's configuration (merged over the harness's own). */
    config?: Record<string, unknown>;
    /** More devices (merged over the harness's reader and printer), e.g. a hardware signature pad. */
    devices?: Record<string, unknown>;
    /** Who signs in once the terminal is up (default T0042; null: nobody). */
    signIn?: string | null;
  } = {},
): Promise<Harness & { configFile: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onewindow-e2e-'));
  const pairs: PtyPair[] = [];
  let child: ChildProcess | null = null;
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const cardPair = await createPtyPair();
    pairs.push(cardPair);
    const printerPair = await createPtyPair();
    pairs.push(printerPair);
    const card = await startIdCardEmulator({ path: cardPair.b, paceToBaud: false });
    cleanups.push(() => card.close());
    const printer = await startPrinterEmulator({ path: printerPair.b });
    cleanups.push(() => printer.close());
    const sim = await startSimulator({ siPort: 0, taxPort: 0, errandReceiptDelayMs: 500 });
    cleanups.push(() => sim.close());

    const configFile = path.join(dataDir, 'terminal.json');
    // First run: the file is named but does not exist yet; the terminal starts on embedded defaults.
    if (!opts.firstRun) writeFileSync(
      configFile,
      JSON.stringify({
        mode: 'training',
        terminalId: '3303-LW-0012-W03',
        branchCode: '3303-LW-0012',
        windowNo: 3,
        tellerId: 'T0042',
        users: await testUsers(),
        endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
        devices: {
          idCard: opts.emulatedReader ? { transport: 'emulated', baudRate: 115200 } : { transport: 'serial', path: cardPair.a, baudRate: 115200 },
          printer: { transport: 'serial', path: printerPair.a, baudRate: 115200, paperWidthMm: 80 },
          ...opts.devices,
        },
        ...opts.config,
      }),
    );
    child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', '--config', configFile, '--data-dir', dataDir], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: { ...process.env, ONEWINDOW_SYNC_TUNING: JSON.stringify({ ...FAST_SYNC, ...opts.syncTuning }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const proc = child;
    // The first line: the teller's URL with its token; the second: the citizen view (好差评) with its own token.
    const { url, citizenUrl } = await new Promise<{ url: string; citizenUrl: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('web host did not start within 30 s')), 30_000);
      proc.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
      const patterns = [
        /^OneWindow web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/,
        /^citizen view \(好差评\): (http:\/\/127\.0\.0\.1:\d+\/citizen\.html\?token=\S+)$/,
      ];
      const found: string[] = [];
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (line) => {
        if (found.length === patterns.length) return;
        const m = patterns[found.length]!.exec(line);
        if (!m) {
          clearTimeout(timer);
          reject(new Error(`unexpected line ${found.length + 1}: ${line}`));
          return;
        }
        found.push(m[1]!);
        if (found.length === patterns.length) {
          clearTimeout(timer);
          resolve({ url: found[0]!, citizenUrl: found[1]! });
        }
      });
    });
    const signIn = (userId = 'T0042', pin = TEST_PIN) => signInOverApi(url, userId, pin);
    // First run: no file yet, so the embedded development defaults and their demo branch admin; otherwise T0042.
    const first = opts.signIn === undefined ? (opts.firstRun ? 'A0001' : 'T0042') : opts.signIn;
    if (first) await signIn(first, opts.firstRun ? DEMO_USERS.find((u) => u.id === first)!.pin : TEST_PIN);
    return {
      url,
      citizenUrl,
      configFile,
      signIn,
      card,
      printer,
      sim,
      dataDir,
      async stop() {
        await stopChild(proc);
        for (const c of cleanups.reverse()) await c().catch(() => {});
        for (const p of pairs) await p.close();
        // Keep the terminal's data and logs of a failed run for inspection: ONEWINDOW_KEEP_E2E_DATA=1.
        if (!process.env.ONEWINDOW_KEEP_E2E_DATA) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) await stopChild(child);
    for (const c of cleanups.reverse()) await c().catch(() => {});
    for (const p of pairs) await p.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Contract calls over the web host's HTTP API, as the page makes them: the value, or an error naming the refusal. */
export type WebApi = <T>(name: string, input: unknown) => Promise<T>;

export function webApi(pageUrl: string): WebApi {
  const u = new URL(pageUrl);
  return async <T,>(name: string, input: unknown) => {
    const res = await fetch(`${u.origin}/api/call/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${u.searchParams.get('token')}` },
      body: JSON.stringify(input),
    });
    const r = (await res.json()) as CallResult<T>;
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
}

/** One contract call (signIn) over the web host's HTTP API, as the page would make it. */
export async function signInOverApi(pageUrl: string, userId: string, pin: string): Promise<void> {
  await webApi(pageUrl)('signIn', { userId, pin });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * A fresh counter for each test of a spec file: started before the test, stopped after it. The object answers for
 * the counter of the test running (a spec keeps one name for it instead of reassigning a variable in hooks).
 */
export function counterPerTest(): Harness {
  let current: Harness | null = null;
  test.beforeEach(async () => {
    current = await startHarness();
  });
  test.afterEach(async () => {
    await current?.stop();
    current = null;
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!current) throw new Error('the counter exists only while a test runs');
      return Reflect.get(current, key) as unknown;
    },
  });
}
