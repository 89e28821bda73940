/**
 * 办件跟踪 (F4) and the counter's own words for what it prints, from a user walkthrough: a withdrawal asks for the
 * citizen's reason, says it is done and shows the withdrawn case at once with only what still makes sense for it;
 * a refused intake's notice is called a notice, not a receipt.
 */
import { expect, test, type Page } from '@playwright/test';
import { RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { squeeze } from './support/documents';
import { counterPerTest } from './support/harness';
import { confirmIntake, openTerminal, pickItem, placeCard, startIntake, type Teller, tellerAt } from './support/teller';

const h = counterPerTest();

const MOBILE = '13905771234';
const toast = (page: Page) => page.locator('.ant-message');

/** A commitment case (SI-19-01, decided by the back office later), accepted and sent. */
async function acceptCommitmentCase(t: Teller): Promise<string> {
  await placeCard(h, t.page, RESIDENT_LONGWAN);
  await pickItem(t, 'SI-19-01', '失业保险关系转出');
  await t.fill(t.page.getByTestId('field-toRegion'), '江苏省苏州市');
  await t.choose(t.page.getByTestId('field-feedbackChannel'), '短信');
  await t.fill(t.page.getByTestId('field-contactMobile'), MOBILE);
  await t.press('F8');
  const caseId = await confirmIntake(t);
  await expect(t.page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');
  return caseId;
}

test('withdraw from the search results: a reason is required, success is said, the row and the month figures change at once', async ({ page }) => {
  await openTerminal(page, h.url);
  const t = tellerAt(page);
  const caseId = await acceptCommitmentCase(t);
  await t.press('Escape');

  await t.press('F4');
  const worklist = page.getByRole('tabpanel', { name: /办件跟踪/ });
  await t.fill(worklist.getByTestId('case-search').locator('input'), RESIDENT_LONGWAN.name);
  await t.press('Enter');
  await expect(worklist.getByTestId(`status-${caseId}`)).toHaveText('已接收');
  await expect(worklist.getByTestId(`reprint-${caseId}`)).toBeVisible();
  // At 1280 px the status reads on one line (it wrapped a character per line beside the row's buttons).
  await page.setViewportSize({ width: 1280, height: 720 });
  const status = (await worklist.getByTestId(`status-${caseId}`).boundingBox())!;
  expect(status.height).toBeLessThan(2 * 14);
  // The month's figures (mounted since start-up) count the case just taken.
  await expect(worklist.getByTestId('figures-cases')).toHaveText('1');
  await expect(worklist.getByTestId('figures-withdrawn')).toHaveText('0');

  await t.click(worklist.getByTestId(`withdraw-${caseId}`));
  const confirm = page.getByTestId('withdraw-confirm');
  // No reason, or only blanks, is no reason: nothing is sent for the citizen without one.
  await expect(confirm).toBeDisabled();
  await t.fill(page.getByTestId('withdraw-reason'), '  ');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('withdraw-reason').fill('申请人已在异地办理');
  await expect(confirm).toBeEnabled();
  await t.click(confirm);

  await expect(toast(page)).toContainText('已撤回：失业保险关系转出');
  await expect(page.getByTestId('withdraw-reason')).toHaveCount(0);
  // The row as it now is, without searching again: withdrawn, and no withdraw, receipt or notice left to print.
  await expect(worklist.getByTestId(`status-${caseId}`)).toHaveText('已撤回');
  for (const id of [`withdraw-${caseId}`, `reprint-${caseId}`, `receipt-pdf-${caseId}`, `print-notice-${caseId}`]) {
    await expect(worklist.getByTestId(id), id).toHaveCount(0);
  }
  await expect(worklist.getByTestId('figures-withdrawn')).toHaveText('1');
  await expect.poll(() => h.sim.control.getCase(caseId)?.status).toBe('withdrawn');
  // 更多报表 on the month card leads to the 报表 page.
  await worklist.getByTestId('figures-more').click();
  await expect(page.getByRole('tab', { name: /报表/ })).toHaveAttribute('aria-selected', 'true');
});

test('a refused intake prints a one-time notice and says so, at F10 and in 今日办件', async ({ page }) => {
  const t = await startIntake(h, page, RESIDENT_LONGWAN, 'MI-23-04', '在校学生医保参保登记');
  await t.fill(page.getByTestId('field-school'), '温州大学');
  await t.fill(page.getByTestId('field-year'), '2026');
  await t.fill(page.getByTestId('field-contactMobile'), MOBILE);
  const caseId = await confirmIntake(t);
  await expect(page.getByTestId('case-status')).toHaveText('已一次性告知');
  await expect(page.getByTestId('print-receipt')).toHaveText('打印一次性告知书 (F10)');

  await t.press('F10');
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  await expect(toast(page)).toContainText('一次性告知书已打印');
  await expect(toast(page)).not.toContainText('回执');

  const row = page.getByTestId(`case-list-print-${caseId}`);
  await expect(row).toHaveText('打印一次性告知书');
  await t.click(row);
  await expect.poll(() => h.printer.jobs().length).toBe(2);
  expect(squeeze(h.printer.jobs()[1]!.text)).toContain('一次性告知书');

  // The teller sees the number the notice carries, and finds the case by it when the citizen comes back.
  const regNo = await page.getByTestId('case-reg-no').innerText();
  expect(regNo).toMatch(/^DJ\d{8}-\d{2}-001$/);
  expect(squeeze(h.printer.jobs()[1]!.text)).toContain(regNo);
  await t.press('Escape');
  await t.press('F4');
  const worklist = page.getByRole('tabpanel', { name: /办件跟踪/ });
  await t.fill(worklist.getByTestId('case-search').locator('input'), regNo);
  await t.press('Enter');
  await expect(worklist.getByTestId(`status-${caseId}`)).toHaveText('已一次性告知');
  await expect(worklist).toContainText(regNo);
});
