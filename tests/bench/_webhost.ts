import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { TEST_PIN, testUsers } from '../support/people';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Ends a child process this bench started (SIGTERM) and resolves once it exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Bundles the web host into one CommonJS file the way `build:electron` bundles the core for Electron (esbuild, the
 * dependencies left as packages), so that a launch measures the program as shipped and not the TypeScript loader.
 */
export async function bundleWebHost(outfile: string): Promise<string> {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  await build({
    entryPoints: [path.join(repoRoot, 'src-main/webhost/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', ...Object.keys(pkg.dependencies)],
    logLevel: 'warning',
    banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__import_meta_url' },
  });
  return outfile;
}

/**
 * The web host as its own process, as an operator starts it: `src-main/webhost/cli.ts` through tsx, or a bundle made
 * by bundleWebHost run by plain node. Resolves once it printed its URL.
 */
export async function launchWebHost(dataDir: string, configFile: string, bundle?: string): Promise<{ url: string; stop(): Promise<void> }> {
  const entry = bundle ? [bundle] : ['--import', 'tsx', 'src-main/webhost/cli.ts'];
  const child = spawn(process.execPath, [...entry, '--config', configFile, '--data-dir', dataDir], {
    cwd: repoRoot,
    env: { ...process.env, ONEWINDOW_ROOT: repoRoot },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => stopChild(child);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('web host did not start within 60 s')), 60_000);
      child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        const m = /^OneWindow web host: (\S+)$/.exec(line);
        if (m) resolve(m[1]!);
        else reject(new Error(`unexpected first line: ${line}`));
      });
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A training-mode terminal on embedded defaults (the built-in simulator serves both lines, devices are emulated) with
 * its people provisioned as a branch has them (PINs as scrypt hashes): T0042 signs in with TEST_PIN.
 */
export async function trainingConfig(): Promise<Record<string, unknown>> {
  return { mode: 'training', terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', windowNo: 3, tellerId: 'T0042', users: await testUsers() };
}

/** The sign-in screen as a teller meets it: user and PIN typed, submitted; resolves once the intake page takes a card. */
export async function signInAtWindow(page: Page, timeout = 60_000): Promise<void> {
  await page.getByTestId('sign-in-user').fill('T0042', { timeout });
  await page.getByTestId('sign-in-pin').fill(TEST_PIN);
  await page.getByTestId('sign-in-submit').click();
  await page.locator('[data-testid="read-card"]:not([disabled])').waitFor({ timeout });
}
