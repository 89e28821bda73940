import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { IdCardData } from '../../native/idcard/types';
import { RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { counterPerTest } from './support/harness';

const h = counterPerTest();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** A real-looking applicant: valid GB 11643 number, full name, mobile and bank card. */
const applicant: IdCardData = { ...RESIDENT_LONGWAN, name: '陈思远', address: '浙江省温州市龙湾区永中街道永强大道2588号' };
const mobile = '13857712345';
const bankCard = '6228480402564890018';
/** Free text a teller types: another person's name and an address, in a remark. */
const typedName = '欧阳志远';
const typedAddress = '温州市鹿城区五马街道解放北路88弄7号';

test('an intake with a bank card leaves no ID number, name, mobile or card number in any log file', async ({ page }) => {
  await page.goto(h.url);
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up'); // the page is connected to the core
  h.card.placeCard(applicant);
  await expect(page.getByTestId('applicant-name')).toHaveText(applicant.name);
  await page.getByTestId('item-search').click();
  await page.keyboard.type('SI-04-02');
  await expect(page.locator('[data-testid="item-search"] [role="option"][aria-selected="true"]')).toContainText('SI-04-02');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-form')).toBeVisible();
  await page.getByTestId('field-bankName').click();
  await page.keyboard.press('Enter');
  await page.getByTestId('field-bankCard').fill(bankCard);
  await page.getByTestId('field-contactMobile').fill(mobile);
  await page.keyboard.press('F8');
  await page.getByTestId('feedback-phone').fill(mobile);
  await page.getByTestId('review-notes').fill(`申请人${applicant.name}持卡${bankCard}，手机${mobile}；代办人${typedName}，住${typedAddress}`);
  await page.keyboard.press('F9');
  const result = page.getByTestId('case-result');
  await expect(result).toBeVisible();
  const caseId = (await result.getAttribute('data-case-id'))!;
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');
  await page.getByTestId('print-receipt').click();
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  // An error in the renderer with personal data in its message goes through the log call too.
  await page.evaluate(([name, id, address]) => setTimeout(() => { throw new Error(`测试：${name} ${id} ${address}`); }), [typedName, applicant.idNumber, typedAddress]);
  await page.waitForTimeout(500);

  const logFiles = filesUnder(path.join(h.dataDir, 'logs'));
  expect(logFiles.length).toBeGreaterThan(0);
  const text = logFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
  expect(text).toContain(caseId); // the case is traceable by its id
  // The renderer's error reached the log as a renderer-sourced line, capped at warn; its free text did not.
  const rendererLines = text.split('\n').filter((l) => l.includes('"source":"renderer"')).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(rendererLines.some((l) => l.rendererLevel === 'error' && l.level === 'warn')).toBe(true);
  expect(text).not.toContain('测试');
  for (const secret of [applicant.idNumber, applicant.name, mobile, bankCard, applicant.address!, typedName, typedAddress, '解放北路']) {
    expect(text, `log files contain ${secret.slice(0, 2)}…`).not.toContain(secret);
  }
});
