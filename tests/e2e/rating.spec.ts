/**
 * Citizen ratings (政务服务“好差评”, issue 15) through the real web host in Chromium: the teller's page and the
 * citizen-facing page (its own token) side by side, the ID-card reader and printer emulated on ptys, the back office
 * simulated on loopback. The rating reaches the simulator exactly once (also with the line down first), and a bad
 * rating's follow-up becomes a to-do on 办件跟踪.
 */
import { expect, test, type Page } from '@playwright/test';
import { RESIDENT_LONG_TERM, RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { counterPerTest } from './support/harness';
import { confirmIntake, openTerminal, pickItem, placeCard, takeCardAway, tellerAt } from './support/teller';

const h = counterPerTest();

const MOBILE = '13905771234';

/** The teller accepts an immediate item (SI-04-01) for the citizen at the counter; returns the case id. */
async function acceptContactChange(page: Page): Promise<string> {
  const t = tellerAt(page);
  await placeCard(h, page, RESIDENT_LONGWAN);
  await pickItem(t, 'SI-04-01', '联系方式及地址变更');
  await t.fill(page.getByTestId('field-newMobile'), MOBILE);
  await t.press('F8');
  return confirmIntake(t);
}

async function openCitizenView(page: Page): Promise<void> {
  await page.goto(h.citizenUrl);
  await expect(page.getByTestId('citizen-view')).toBeVisible();
}

test('the citizen rates the case just done; the rating reaches its endpoint exactly once; the teller sees it and cannot change it', async ({ page, context }) => {
  await openTerminal(page, h.url);
  const citizen = await context.newPage();
  await openCitizenView(citizen);
  await expect(citizen.getByTestId('citizen-waiting')).toBeVisible();

  const caseId = await acceptContactChange(page);
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
  const caseNo = h.sim.control.getCase(caseId)!.caseNo;

  // The citizen view shows the case by itself: number, item, status in plain words (Chinese first), no personal data.
  await expect(citizen.getByTestId('citizen-case')).toHaveAttribute('data-case-id', caseId);
  await expect(citizen.getByTestId('citizen-case-no')).toHaveText(caseNo);
  await expect(citizen.getByTestId('citizen-item')).toHaveText('联系方式及地址变更');
  await expect(citizen.getByTestId('citizen-status')).toHaveText('已经办好了');
  await expect(citizen.getByTestId('citizen-view')).not.toContainText(RESIDENT_LONGWAN.name);
  await expect(citizen.getByTestId('citizen-view')).not.toContainText(RESIDENT_LONGWAN.idNumber.slice(-4));
  for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) await expect(citizen.getByText(label, { exact: true })).toBeVisible();

  // Submitting without a level is refused on the page; a good rating needs no reason.
  await citizen.getByTestId('rating-submit').click();
  await expect(citizen.getByTestId('citizen-problem')).toHaveText('请先选择满意程度');
  await citizen.getByTestId('rating-level-4').click();
  // Choosing a level answers the warning: it goes at once.
  await expect(citizen.getByTestId('citizen-problem')).toHaveCount(0);
  await expect(citizen.getByTestId('rating-reason-E01')).toHaveCount(0);
  await citizen.getByTestId('rating-comment').fill('办得很快');
  await citizen.getByTestId('rating-submit').click();
  await expect(citizen.getByTestId('citizen-thanks')).toContainText('感谢您的评价');

  // The teller sees that a rating was given (no control to change it), and that it was sent.
  await expect(page.getByTestId('case-rating-level')).toHaveText('已评价：满意');
  await expect(page.getByTestId('case-rating-sync')).toHaveAttribute('data-state', 'synced');
  await expect(page.getByTestId('present-for-rating')).toHaveCount(0);
  const evaluations = h.sim.control.evaluations();
  expect(evaluations).toHaveLength(1);
  expect(evaluations[0]).toMatchObject({ caseId, endpoint: 'si', level: 4, reasons: [], comment: '办得很快', itemCode: 'SI-04-01' });
  expect(h.sim.control.receivedCount(evaluations[0]!.evaluationId)).toBe(1);
  expect(h.sim.control.receivedCount(evaluations[0]!.evaluationId, 'tax')).toBe(0);

  // One rating per case: a reload of the citizen view shows it as rated, with nothing to submit.
  await citizen.reload();
  await expect(citizen.getByTestId('citizen-thanks')).toContainText('本次办件已评价');
  await expect(citizen.getByTestId('rating-submit')).toHaveCount(0);

  // The citizen page's token reaches nothing of the teller's API.
  const citizenToken = new URL(h.citizenUrl).searchParams.get('token')!;
  const probe = await citizen.request.post(new URL('/api/call/getCase', h.url).toString(), {
    headers: { authorization: `Bearer ${citizenToken}`, 'content-type': 'application/json' },
    data: { caseId },
  });
  expect(probe.status()).toBe(401);
  expect(h.sim.control.evaluations()).toHaveLength(1);
});

test("with the line down first, a bad rating waits for its case, is sent once when the line is back, and its follow-up becomes a to-do", async ({ page, context }) => {
  await openTerminal(page, h.url);
  const t = tellerAt(page);
  const citizen = await context.newPage();
  await openCitizenView(citizen);

  await h.sim.control.setDown('si', true);
  await expect(page.getByTestId('line-si')).not.toHaveAttribute('data-state', 'up');
  const caseId = await acceptContactChange(page);
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'queued');

  // The citizen sees the case (its number comes later) and rates it 非常不满意: reasons are required.
  await expect(citizen.getByTestId('citizen-case')).toHaveAttribute('data-case-id', caseId);
  await expect(citizen.getByTestId('citizen-case-no')).toHaveText('编号稍后生成');
  await expect(citizen.getByTestId('citizen-status')).toHaveText('已受理，正在为您办理');
  await citizen.getByTestId('rating-level-1').click();
  await citizen.getByTestId('rating-submit').click();
  await expect(citizen.getByTestId('citizen-problem')).toHaveText('请至少选择一个不满意的原因');
  await citizen.getByTestId('rating-reason-E02').click();
  await expect(citizen.getByTestId('citizen-problem')).toHaveCount(0);
  await citizen.getByTestId('rating-reason-E05').click();
  await citizen.getByTestId('rating-submit').click();
  await expect(citizen.getByTestId('citizen-thanks')).toContainText('我们会尽快与您联系');

  await expect(page.getByTestId('case-rating-level')).toHaveText('已评价：非常不满意');
  await expect(page.getByTestId('case-rating-sync')).toHaveAttribute('data-state', 'queued');
  expect(h.sim.control.evaluations()).toHaveLength(0);

  await h.sim.control.setDown('si', false);
  await expect(page.getByTestId('case-rating-sync')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  const [rating] = h.sim.control.evaluations();
  expect(rating).toMatchObject({ caseId, level: 1, reasons: ['E02', 'E05'] });
  expect(h.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
  expect(h.sim.control.receivedCount(rating!.evaluationId)).toBe(1);
  // Never sent before its case: the only request for it was the one that was applied.
  expect(h.sim.control.requestCount(rating!.evaluationId)).toBe(1);
  await expect(page.getByTestId('unsent')).toHaveAttribute('data-count', '0');

  // The back office follows the bad rating up by itself: a to-do on 办件跟踪 to call the citizen back.
  await t.press('F4');
  const callBack = page.getByTestId(`rating-todo-call_back-${caseId}`);
  await expect(callBack).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('rating-todos')).toContainText('非常不满意');
  // The citizen's reasons as the catalog names them, not their codes.
  await expect(page.getByTestId('rating-todos')).toContainText('办理时间过长、等候时间长；多次跑动仍未办成');
  await expect(page.getByTestId('rating-todos')).not.toContainText('E02');
  await t.click(callBack);
  await t.fill(page.getByTestId('rating-todo-note'), '已电话回访，群众表示理解');
  await t.click(page.getByTestId('rating-todo-confirm'));
  await expect(callBack).toHaveCount(0);

  // Then the rectification: recorded as well.
  h.sim.control.followUpEvaluation(rating!.evaluationId, 'rectified', '窗口已增加引导人员');
  const rectify = page.getByTestId(`rating-todo-record_rectification-${caseId}`);
  await expect(rectify).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('rating-todos')).toContainText('窗口已增加引导人员');
  await t.click(rectify);
  await t.fill(page.getByTestId('rating-todo-note'), '已告知群众整改结果');
  await t.click(page.getByTestId('rating-todo-confirm'));
  await expect(page.getByTestId('rating-todos')).toHaveCount(0);
  expect(h.sim.control.evaluations()).toHaveLength(1);
});

test("the citizen view shows the case to its own citizen only: the same citizen's next card keeps it; 下一位, another citizen or practice take it away", async ({ page, context }) => {
  await openTerminal(page, h.url);
  const t = tellerAt(page);
  const citizen = await context.newPage();
  await openCitizenView(citizen);

  const first = await acceptContactChange(page);
  await expect(citizen.getByTestId('citizen-case')).toHaveAttribute('data-case-id', first);
  // The same citizen's card again (a second item): the case stays on the view, still to be rated.
  await takeCardAway(h);
  await placeCard(h, page, RESIDENT_LONGWAN);
  await citizen.reload();
  await expect(citizen.getByTestId('citizen-case')).toHaveAttribute('data-case-id', first);
  // Another citizen's card: the view goes back to its welcome; the next citizen cannot rate the last one's case.
  await takeCardAway(h);
  await placeCard(h, page, RESIDENT_LONG_TERM);
  await expect(citizen.getByTestId('citizen-waiting')).toBeVisible();
  await expect(citizen.getByTestId('citizen-case')).toHaveCount(0);

  // 下一位 (Esc) after a case: the same.
  await t.press('Escape');
  await takeCardAway(h);
  const second = await acceptContactChange(page);
  await expect(citizen.getByTestId('citizen-case')).toHaveAttribute('data-case-id', second);
  await t.press('Escape');
  await expect(citizen.getByTestId('citizen-waiting')).toBeVisible();

  // Practice: a real case is not left on the view while the teller practises, and no practice case reaches it.
  await takeCardAway(h);
  const third = await acceptContactChange(page);
  await expect(citizen.getByTestId('citizen-case')).toHaveAttribute('data-case-id', third);
  await page.getByTestId('tab-practice').click();
  await page.getByTestId('practice-switch').click();
  await expect(page.getByTestId('practice-banner')).toBeVisible();
  await expect(citizen.getByTestId('citizen-waiting')).toBeVisible();
  expect(h.sim.control.evaluations()).toHaveLength(0);
});
