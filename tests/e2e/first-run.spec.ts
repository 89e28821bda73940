/**
 * README's quick start without any configuration: the web host started with nothing but a data folder shows the
 * first-run screen (no silent development mode), and one confirm of the embedded development defaults gives a
 * usable terminal on the built-in simulator, with the configuration file written to the data folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';

test('no configuration: the first-run screen, then one confirm starts the terminal on the embedded defaults', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onewindow-first-run-'));
  const env = { ...process.env };
  delete env.ONEWINDOW_CONFIG;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/webhost/cli.ts', '--data-dir', dataDir], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('web host did not start within 30 s')), 30_000);
      child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        resolve(line.replace(/^OneWindow web host: /, ''));
      });
    });
    await page.goto(url);
    await expect(page.getByTestId('terminal-settings')).toContainText('首次使用');
    await expect(page.getByTestId('tab-intake')).toHaveCount(0);
    await page.getByTestId('first-run-use-defaults').click();
    await expect(page.getByTestId('tab-intake')).toBeVisible();
    await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up'); // the built-in simulator
    const file = path.join(dataDir, 'terminal.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ mode: 'development', endpoints: { si: { url: null }, tax: { url: null } } });
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});
