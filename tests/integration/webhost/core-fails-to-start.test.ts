import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PRODUCTION = { mode: 'production', terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', windowNo: 3, tellerId: 'T0042' };

/** Runs the web host with a terminal file holding `config` until it exits by itself: its exit code and output. */
async function runWebHost(config: object, args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ow-webhost-refuses-'));
  const file = path.join(dir, 'terminal.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', '--config', file, '--data-dir', path.join(dir, 'data'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out, err };
}

it('the web host serves the page while the core starts; a core that cannot start is said in one line and exits 1', async () => {
  // Production without the private lines' addresses: refused by the core's start, after the page is served.
  const { code, out, err } = await runWebHost(PRODUCTION);
  expect(out).toMatch(/^OneWindow web host: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  expect(code).toBe(1);
  expect(err.trim().split('\n')).toEqual(['OneWindow web host failed to start: configuration: endpoints.si.url and endpoints.tax.url are required in production mode']);
}, 60_000);

it('a production terminal refuses --si-url/--tax-url before serving anything: one line, exit 1', async () => {
  const endpoints = { si: { url: 'https://si.bureau.example:8443' }, tax: { url: 'https://tax.bureau.example:8443' } };
  const { code, out, err } = await runWebHost({ ...PRODUCTION, endpoints }, ['--si-url', 'https://127.0.0.1:9/']);
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(err.trim().split('\n')).toEqual(['OneWindow web host failed to start: --si-url: the endpoints of a production terminal come only from its provisioned file']);
}, 60_000);
