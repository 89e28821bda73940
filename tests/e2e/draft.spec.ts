import { expect, test } from '@playwright/test';
import { RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { counterPerTest, webApi } from './support/harness';

const h = counterPerTest();

test('an intake being typed survives a restart of the window', async ({ page }) => {
  await page.goto(h.url);
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up');
  h.card.placeCard(RESIDENT_LONGWAN);
  await expect(page.getByTestId('applicant-name')).toHaveText(RESIDENT_LONGWAN.name);
  await page.getByTestId('item-search').click();
  await page.keyboard.type('SI-04-01');
  await expect(page.locator('[data-testid="item-search"] [role="option"][aria-selected="true"]')).toContainText('SI-04-01');
  await page.keyboard.press('Enter');
  await page.getByTestId('field-newMobile').fill('13905770001');
  await page.getByTestId('review-notes').fill('户口簿已核对');
  await page.keyboard.press('F8');
  // Saved as the teller types (debounced): wait until the core holds it, then restart the window.
  const call = webApi(h.url);
  await expect.poll(async () => (await call<{ reviewNotes: string } | null>('loadDraft', {}))?.reviewNotes ?? null).toBe('户口簿已核对');
  await page.reload();

  await expect(page.getByTestId('intake-form')).toContainText('联系方式及地址变更');
  await expect(page.getByTestId('applicant-name')).toHaveText(RESIDENT_LONGWAN.name);
  await expect(page.getByTestId('field-newMobile')).toHaveValue('13905770001');
  await expect(page.getByTestId('review-notes')).toHaveValue('户口簿已核对');
  await expect(page.getByTestId('material-M01-received')).toBeChecked();
  await page.keyboard.press('F9');
  const result = page.getByTestId('case-result');
  await expect(result).toBeVisible();
  const caseId = (await result.getAttribute('data-case-id'))!;
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');
  expect(h.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
});
