import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import { createPtyPair, type PtyPair } from '../../../native/transports';
import { startSimulator, type Simulator } from '../../../src-main/simulator';

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
  stop(): Promise<void>;
}

/**
 * A whole counter on this machine: an ID-card reader emulator and a receipt-printer emulator on real socat pty
 * pairs, both private lines in the simulator on loopback, and the web host as its own process, configured through
 * a terminal configuration file exactly as branch IT would.
 */
export async function startHarness(opts: { firstRun?: boolean } = {}): Promise<Harness & { configFile: string }> {
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
        endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
        devices: {
          idCard: { transport: 'serial', path: cardPair.a, baudRate: 115200 },
          printer: { transport: 'serial', path: printerPair.a, baudRate: 115200, paperWidthMm: 80 },
        },
      }),
    );
    child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', '--config', configFile, '--data-dir', dataDir], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: { ...process.env, ONEWINDOW_SYNC_TUNING: JSON.stringify(FAST_SYNC) },
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
    return {
      url,
      citizenUrl,
      configFile,
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

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
