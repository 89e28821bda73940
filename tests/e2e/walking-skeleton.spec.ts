import { expect, test, type Page } from '@playwright/test';
import { RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { maskIdNumber } from '../../src-main/contract/validation';
import { counterPerTest } from './support/harness';

const h = counterPerTest();

/** Card on the reader → item SI-04-01 (contact details change) picked by keyboard → form filled → accepted. */
async function acceptContactChange(page: Page, mobile: string): Promise<string> {
  h.card.placeCard(RESIDENT_LONGWAN);
  await expect(page.getByTestId('applicant-name')).toHaveText(RESIDENT_LONGWAN.name);
  await expect(page.getByTestId('applicant-id')).toHaveText(maskIdNumber(RESIDENT_LONGWAN.idNumber));

  await page.getByTestId('item-search').click();
  await page.keyboard.type('SI-04-01');
  await expect(page.locator('[data-testid="item-search"] [role="option"][aria-selected="true"]')).toContainText('SI-04-01');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-form')).toContainText('联系方式及地址变更');

  await page.getByTestId('field-newMobile').fill(mobile);
  await page.keyboard.press('F8'); // all materials received
  await page.getByTestId('feedback-phone').fill(mobile);
  await page.keyboard.press('F9'); // confirm
  const result = page.getByTestId('case-result');
  await expect(result).toBeVisible();
  const caseId = await result.getAttribute('data-case-id');
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  return caseId!;
}

test('an ID card becomes a synced case and a printed receipt', async ({ page }, testInfo) => {
  await page.goto(h.url);
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up');
  const caseId = await acceptContactChange(page, '13905771234');

  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');
  const held = h.sim.control.cases().filter((c) => c.caseId === caseId);
  expect(held).toHaveLength(1);
  expect(h.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
  const caseNo = held[0]!.caseNo;
  await expect(page.getByTestId('case-no')).toHaveText(caseNo);

  await page.getByTestId('print-receipt').click();
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  const receipt = h.printer.jobs()[0]!;
  expect(receipt.text).toContain('受理回执');
  expect(receipt.text).toContain(caseNo);
  expect(receipt.text).toContain(maskIdNumber(RESIDENT_LONGWAN.idNumber));
  expect(receipt.text).not.toContain(RESIDENT_LONGWAN.idNumber);
  expect(receipt.barcodes).toContain(caseNo);

  await page.screenshot({ path: testInfo.outputPath('synced-case.png'), fullPage: true });
});

test('a case accepted while the line is down stays queued, then syncs exactly once', async ({ page }) => {
  await page.goto(h.url);
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up');
  await h.sim.control.setDown('si', true);

  const caseId = await acceptContactChange(page, '13905779876');
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'down');
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('unsent')).toHaveAttribute('data-count', '1');
  expect(h.sim.control.cases()).toHaveLength(0);

  await h.sim.control.setDown('si', false);
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up');
  await expect(page.getByTestId('unsent')).toHaveAttribute('data-count', '0');
  expect(h.sim.control.cases().filter((c) => c.caseId === caseId)).toHaveLength(1);
  expect(h.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
});
