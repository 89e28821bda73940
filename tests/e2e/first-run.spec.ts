/**
 * README's quick start without any configuration: the web host started with nothing but a data folder shows the
 * first-run screen (no silent development mode), and one confirm of the embedded development defaults gives a
 * usable terminal on the built-in simulator, with the configuration file written to the data folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startWebHostProcess } from '../support/webhost-process';

test('no configuration: the first-run screen, then one confirm starts the terminal on the embedded defaults', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onewindow-first-run-'));
  const env = { ...process.env };
  delete env.ONEWINDOW_CONFIG;
  const host = await startWebHostProcess(['--data-dir', dataDir], env);
  try {
    const url = host.url;
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
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
