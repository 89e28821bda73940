import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../../src-main/electron-binary';

const root = path.resolve(import.meta.dirname, '../..');

const binary = electronBinary();

test.describe('Electron app', () => {
  test.skip(!binary, 'no Electron binary on this machine (the npm package installs without it here); runs where the binary exists');

  test('starts sandboxed, with the bridge and without Node in the renderer', async () => {
    execFileSync('npx', ['tsx', 'src-main/build-electron.ts'], { cwd: root, stdio: 'inherit' });
    const userData = mkdtempSync(path.join(tmpdir(), 'onewindow-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [root, `--user-data-dir=${userData}`, '--no-sandbox'],
      env: { ...process.env, ONEWINDOW_DATA_DIR: path.join(userData, 'data') },
    });
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveTitle(/一窗通/);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { onewindow: { api: object } }).onewindow.api).sort())).toContain('submitCase');
      await expect(page.getByTestId('status-bar')).toContainText('3号窗口');
      // Navigation away from the app and new windows are refused.
      await page.evaluate(() => window.open('https://example.com'));
      expect(app.windows()).toHaveLength(1);
      // Context isolation: the page's globals are not the preload's (the bridge object is frozen by contextBridge).
      expect(await page.evaluate(() => Object.isFrozen((window as unknown as { onewindow: object }).onewindow))).toBe(true);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
