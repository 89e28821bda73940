/**
 * The Windows spooler transport against the REAL winspool.drv: Windows Node.js runs under Wine, loads koffi's
 * Windows binary and prints RAW jobs through Wine's spooler, which hands them to a CUPS raw queue whose device is
 * the printer emulator on a loopback TCP port. Every byte the transport built must arrive, unchanged, once.
 * Prepared by tests/support/prepare-wine.sh (.ci/run calls it); skips, naming what is missing, otherwise.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEscPosJobs } from '../../../native/printer';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';

const root = path.resolve(__dirname, '../../..');
const wineDir = path.join(root, 'node_modules/.cache/onewindow-wine');

function missing(): string | null {
  const has = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (process.platform !== 'linux') return 'runs on Linux under Wine (on Windows the spooler is used directly)';
  if (!has('wine')) return 'Wine is not installed (apt-get install wine)';
  if (!has('lpadmin')) return 'CUPS is not installed (apt-get install cups)';
  if (process.getuid?.() !== 0) return 'adding a CUPS queue needs root';
  if (!existsSync(path.join(wineDir, 'node.exe')) || !existsSync(path.join(wineDir, 'prefix/.win10'))) return 'Windows Node.js is not prepared (bash tests/support/prepare-wine.sh)';
  try {
    if (!execFileSync('lpstat', ['-r'], { encoding: 'utf8' }).includes('is running')) return 'the CUPS scheduler is not running (bash tests/support/prepare-wine.sh)';
  } catch {
    return 'the CUPS scheduler is not running (bash tests/support/prepare-wine.sh)';
  }
  return null;
}

const reason = missing();

describe('Windows print spooler (RAW) under Wine', () => {
  let emulator: PrinterEmulator;
  let queueName: string;
  let work: string;

  beforeAll(async () => {
    if (reason) return;
    work = mkdtempSync(path.join(tmpdir(), 'onewindow-wine-'));
    emulator = await startPrinterEmulator({ tcpPort: 0 });
    queueName = `OneWindowTest${emulator.port}`;
    // A raw queue: CUPS passes the job's bytes to the socket device untouched (deprecated in CUPS 2.4, still working).
    execFileSync('lpadmin', ['-p', queueName, '-E', '-v', `socket://127.0.0.1:${emulator.port}`, '-m', 'raw'], { stdio: 'ignore' });
    await build({
      entryPoints: [path.join(root, 'tests/integration/native/wine/print-through-spooler.ts')],
      outfile: path.join(wineDir, 'print-through-spooler.cjs'), // beside node_modules/koffi (Windows binary)
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['koffi'],
      banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
      define: { 'import.meta.url': '__import_meta_url' },
      logLevel: 'silent',
    });
  }, 60_000);

  afterAll(async () => {
    if (reason) return;
    try {
      execFileSync('lpadmin', ['-x', queueName], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(reason !== null)(`prints receipts through winspool.drv byte for byte, once each${reason ? ` (skipped: ${reason})` : ''}`, async () => {
    const resultFile = path.join(work, 'result.json');
    // Windows Node's stdout cannot be a pipe under Wine: the program reports through a file.
    await promisify(execFile)('wine', [path.join(wineDir, 'node.exe'), path.join(wineDir, 'print-through-spooler.cjs'), queueName, `Z:${resultFile.replaceAll('/', '\\')}`], {
      env: { ...process.env, WINEPREFIX: path.join(wineDir, 'prefix'), WINEDEBUG: '-all' },
      timeout: 120_000,
    });
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
      error?: string;
      platform: string;
      jobs: { id: string; state: string; attempts: number }[];
      status: Record<string, boolean>;
      missing: string;
      sent: string[];
    };
    expect(result.error).toBeUndefined();
    expect(result.platform).toBe('win32');
    expect(result.jobs).toEqual([
      { id: 'receipt-1', state: 'done', attempts: 1 },
      { id: 'receipt-2', state: 'done', attempts: 1 },
    ]);
    expect(Object.values(result.status).some(Boolean)).toBe(false); // the spooler reports the printer ready
    expect(result.missing).toBe('not_found');

    // CUPS delivers the two jobs to the emulator's port in its own time.
    const expected = Buffer.concat(result.sent.map((hex) => Buffer.from(hex, 'hex')));
    const deadline = Date.now() + 60_000;
    while (emulator.captured().length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(emulator.captured().equals(expected)).toBe(true);
    const printed = decodeEscPosJobs(emulator.captured());
    expect(printed).toHaveLength(2);
    expect(printed[0]!.text).toContain('社税银一体化便民服务点');
    expect(printed[1]!.text).toContain('受理凭证 第 2 张');
    expect(printed.map((p) => p.qrCodes)).toEqual([['https://example.invalid/case/1'], ['https://example.invalid/case/2']]);
  }, 240_000);
});
