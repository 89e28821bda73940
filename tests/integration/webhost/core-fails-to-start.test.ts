import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('the web host serves the page while the core starts; a core that cannot start is said in one line and exits 1', async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ow-core-fails-'));
  // Production without the private lines' addresses: refused by the core's start, after the page is served.
  const config = path.join(dir, 'terminal.json');
  writeFileSync(config, JSON.stringify({ mode: 'production', terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', windowNo: 3, tellerId: 'T0042' }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', '--config', config, '--data-dir', path.join(dir, 'data')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(out).toMatch(/^OneWindow web host: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  expect(code).toBe(1);
  expect(err.trim().split('\n')).toEqual(['OneWindow web host failed to start: configuration: endpoints.si.url and endpoints.tax.url are required in production mode']);
}, 60_000);
