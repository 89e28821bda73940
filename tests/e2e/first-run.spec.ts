/**
 * README's quick start without any configuration: the web host started with nothing but a data folder shows the
 * first-run screen (no silent development mode), and one confirm of the embedded development defaults gives a
 * usable terminal on the built-in simulator, with the configuration file written to the data folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startWebHostProcess } from '../support/webhost-process';
import { DEMO_USERS } from '../../src-main/core/people/demo-users';

async function signIn(page: Page, userId: string): Promise<void> {
  await page.getByTestId('sign-in-user').fill(userId);
  await page.getByTestId('sign-in-pin').fill(DEMO_USERS.find((u) => u.id === userId)!.pin);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', userId);
}

test('no configuration: the first-run screen, then one confirm starts the terminal on the embedded defaults', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onewindow-first-run-'));
  const env = { ...process.env };
  delete env.ONEWINDOW_CONFIG;
  const host = await startWebHostProcess(['--data-dir', dataDir], env);
  try {
    const url = host.url;
    await page.goto(url);
    // Sign-in comes first: in development without provisioned people, the demo branch admin opens the first run.
    await signIn(page, 'A0001');
    await expect(page.getByTestId('terminal-settings')).toContainText('首次使用');
    await expect(page.getByTestId('tab-intake')).toHaveCount(0);
    await page.getByTestId('first-run-use-defaults').click();
    // The terminal is usable: the demo teller signs in and intake is there.
    await page.getByTestId('sign-out').click();
    await signIn(page, 'T0042');
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
