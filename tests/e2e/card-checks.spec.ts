/** An ID card with impossible content on the reader at the counter: refused with the teller message, never filled in. */
import { expect, test } from '@playwright/test';
import { RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { IMPOSSIBLE_CARDS } from '../support/impossible-cards';
import { counterPerTest } from './support/harness';

const h = counterPerTest();

test('a card whose date is impossible is refused with the i18n message and counted on the reader', async ({ page }, testInfo) => {
  await page.goto(h.url);
  await expect(page.getByTestId('line-si')).toHaveAttribute('data-state', 'up');
  const bad = IMPOSSIBLE_CARDS.find((c) => c.fails === 'birth_date')!.card;
  h.card.placeCard(bad);
  const refused = page.locator('.ant-message-error').filter({ hasText: '证件信息校验失败：请重新放置证件，或人工核验后手工录入' });
  await expect(refused).toBeVisible();
  await expect(page.getByTestId('device-idCard')).toHaveAttribute('data-rejected', '1');
  await expect(page.getByTestId('applicant-name')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('card-refused.png'), fullPage: true });

  // reading it on purpose (F2) is refused the same way and counted again
  await page.keyboard.press('F2');
  await expect(page.getByTestId('device-idCard')).toHaveAttribute('data-rejected', '2');
  await expect(refused).toBeVisible();
  await expect(page.getByTestId('applicant-name')).toHaveCount(0);

  // a plausible card on the reader reads (F2 reads at once, whatever the poller has seen of the swap)
  h.card.removeCard();
  h.card.placeCard(RESIDENT_LONGWAN);
  await page.keyboard.press('F2');
  await expect(page.getByTestId('applicant-name')).toHaveText(RESIDENT_LONGWAN.name);
});
