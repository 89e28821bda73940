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

/**
 * A web host started with nothing but a fresh data folder (no configuration named anywhere), the page open on it and
 * the demo branch admin signed in; `run` gets the data folder. Host and folder go afterwards.
 */
async function onFirstRun(page: Page, run: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onewindow-first-run-'));
  const env = { ...process.env };
  delete env.ONEWINDOW_CONFIG;
  const host = await startWebHostProcess(['--data-dir', dataDir], env);
  try {
    await page.goto(host.url);
    // Sign-in comes first: in development without provisioned people, the demo branch admin opens the first run.
    await signIn(page, 'A0001');
    await run(dataDir);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test('no configuration: the first-run screen, then one confirm starts the terminal on the embedded defaults', async ({ page }) => {
  await onFirstRun(page, async (dataDir) => {
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
  });
});

test('first run, settings typed by hand: a bad address is said as one, and after the save the page says the terminal is configured, without the old errors', async ({ page }) => {
  await onFirstRun(page, async (dataDir) => {
    const settings = page.getByTestId('terminal-settings');
    await expect(settings).toContainText('本终端尚未配置');
    await page.getByTestId('settings-si-url').fill('si.bureau.example');
    await page.getByTestId('settings-terminalId').fill('x');
    await page.getByTestId('settings-save').click();
    const errors = settings.locator('.ant-form-item-explain-error');
    await expect(errors).toHaveText(['终端编号应为4至40位数字、大写字母或-，如 3303-LW-0012-W03', '应为完整网址，如 https://si.bureau.example:8443']);

    // A field being corrected drops what the refused save said of it; the other field's message stays.
    await page.getByTestId('settings-si-url').fill('https://si.bureau.example:8443');
    await expect(errors).toHaveText(['终端编号应为4至40位数字、大写字母或-，如 3303-LW-0012-W03']);
    await page.getByTestId('settings-terminalId').fill('3303-LW-0012-W05');
    await expect(errors).toHaveCount(0);
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-restart')).toBeVisible();
    await expect(settings).not.toContainText('首次使用');
    await expect(settings).not.toContainText('本终端尚未配置');
    await expect(page.getByTestId('first-run-use-defaults')).toHaveCount(0);
    await expect(errors).toHaveCount(0);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'terminal.json'), 'utf8'))).toMatchObject({ terminalId: '3303-LW-0012-W05', endpoints: { si: { url: 'https://si.bureau.example:8443' } } });
  });
});
