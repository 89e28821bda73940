import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { startHarness } from './support/harness';

test('first run: branch IT fills the terminal settings, the file is written and the change audited', async ({ page }) => {
  const h = await startHarness({ firstRun: true });
  try {
    await page.goto(h.url);
    await expect(page.getByTestId('terminal-settings')).toContainText('首次使用');
    await page.getByTestId('settings-terminalId').fill('3303-LW-0020-W01');
    await page.getByTestId('settings-branchCode').fill('3303-LW-0020');
    await page.getByTestId('settings-tellerId').fill('T0107');
    await page.getByTestId('settings-si-url').fill('https://si.bureau.example:8443');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-restart')).toBeVisible();

    const saved = JSON.parse(readFileSync(h.configFile, 'utf8')) as { terminalId: string; branchCode: string; tellerId: string; endpoints: { si: { url: string } } };
    expect(saved).toMatchObject({ terminalId: '3303-LW-0020-W01', branchCode: '3303-LW-0020', tellerId: 'T0107', endpoints: { si: { url: 'https://si.bureau.example:8443' } } });
    const db = new Database(path.join(h.dataDir, 'onewindow.db'), { readonly: true });
    const audit = db.prepare("SELECT actor, detail_json FROM audit WHERE action = 'config.save'").all() as { actor: string; detail_json: string }[];
    db.close();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail_json).toContain('terminalId');

    // A wrong field is refused with the field named, and the file stays as it was.
    await page.reload();
    await expect(page.getByTestId('tab-settings')).toBeVisible();
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-terminalId').fill('bad id!');
    await page.getByTestId('settings-save').click();
    await expect(page.getByText('终端编号应为4至40位数字、大写字母或-').first()).toBeVisible();
    expect(JSON.parse(readFileSync(h.configFile, 'utf8'))).toMatchObject({ terminalId: '3303-LW-0020-W01' });
  } finally {
    await h.stop();
  }
});
