/**
 * The comprehensive teller's workflows (issue 6), one test per path, each through the real web host with the
 * ID-card reader and receipt printer emulated on ptys and the back office simulated on loopback. Every test checks
 * the simulator's state (exactly-once delivery) and the text of what was printed (ESC/POS decoded) or downloaded
 * (A4 PDFs through pdftotext; the first page of each is kept as a test artifact).
 */
import { expect, test } from '@playwright/test';
import { RESIDENT_LONG_TERM, RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { maskIdNumber } from '../../src-main/contract/validation';
import { code128In, downloadPdf, squeeze } from './support/documents';
import { counterPerTest } from './support/harness';
import { confirmIntake, openTerminal, pickItem, placeCard, startIntake, takeCardAway, type Teller, tellerAt } from './support/teller';

const h = counterPerTest();

const MOBILE = '13905771234';
const ID_MASKED = maskIdNumber(RESIDENT_LONGWAN.idNumber);

/** The one case the simulator holds under this id, received exactly once at revision 1. */
function heldOnce(caseId: string) {
  const held = h.sim.control.cases().filter((c) => c.caseId === caseId);
  expect(held).toHaveLength(1);
  expect(h.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
  expect(held[0]!.revisions).toEqual([1]);
  return held[0]!;
}

/** The form of a commitment item with a place name, the result channel and a mobile number (SI-19-01, MI-25-01, …). */
async function fillTransferForm(t: Teller, regionField: string, region: string): Promise<void> {
  await t.fill(t.page.getByTestId(`field-${regionField}`), region);
  await t.choose(t.page.getByTestId('field-feedbackChannel'), '短信');
  await t.fill(t.page.getByTestId('field-contactMobile'), MOBILE);
}

test('immediate item online: done on the spot in at most 8 teller actions, receipt with case number and masked ID', async ({ page }, testInfo) => {
  await openTerminal(page, h.url);
  const t = tellerAt(page);

  await placeCard(h, page, RESIDENT_LONGWAN);
  await expect(page.getByTestId('applicant-id')).toHaveText(ID_MASKED);
  await pickItem(t, 'SI-04-01', '联系方式及地址变更');
  await t.fill(page.getByTestId('field-newMobile'), MOBILE);
  await t.press('F8'); // all materials received
  await expect(page.getByTestId('feedback-phone')).toHaveValue(MOBILE); // SMS to the new mobile, taken from the form
  const caseId = await confirmIntake(t);

  // Completed on the spot: the back office's result is shown without the teller doing anything.
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
  const held = heldOnce(caseId);
  expect(held).toMatchObject({ status: 'completed', itemCode: 'SI-04-01', kind: 'immediate' });
  const registrationNo = String(held.result!.registrationNo);
  await expect(page.getByTestId('case-no')).toHaveText(held.caseNo);
  await expect(page.getByTestId('case-result-data')).toContainText(registrationNo);

  await t.press('F10'); // print the receipt
  expect(t.actions).toBeLessThanOrEqual(8);
  testInfo.annotations.push({ type: 'teller actions', description: String(t.actions) });

  await expect.poll(() => h.printer.jobs().length).toBe(1);
  const receipt = h.printer.jobs()[0]!;
  const text = squeeze(receipt.text);
  for (const s of ['受理回执', held.caseNo, ID_MASKED, '已办结', '联系方式及地址变更', `登记编号${registrationNo}`]) expect(text, s).toContain(s);
  expect(text).not.toContain(RESIDENT_LONGWAN.idNumber);
  expect(receipt.barcodes).toContain(held.caseNo);

  const pdf = await downloadPdf(page, testInfo, 'receipt-immediate', () => page.getByTestId('receipt-pdf').click());
  for (const s of ['受理回执', held.caseNo, '联系方式及地址变更', ID_MASKED, registrationNo]) expect(pdf.text, s).toContain(s);
  expect(pdf.text, 'the first A4 receipt is the original').not.toContain('副本');
  expect(pdf.text).not.toContain(RESIDENT_LONGWAN.idNumber);
});

test('immediate item with the line down: warned before confirming, queued, synced exactly once when the line is back', async ({ page }, testInfo) => {
  await openTerminal(page, h.url);
  const t = tellerAt(page);
  await h.sim.control.setDown('si', true);
  await expect(page.getByTestId('line-si')).not.toHaveAttribute('data-state', 'up');

  await placeCard(h, page, RESIDENT_LONGWAN);
  await pickItem(t, 'SI-04-01', '联系方式及地址变更');
  // The teller is told before confirming that the result will come later.
  await expect(page.getByTestId('line-down-warning')).toBeVisible();
  await expect(page.getByTestId('line-down-warning')).toContainText('社保');
  await t.fill(page.getByTestId('field-newMobile'), MOBILE);
  await t.press('F8');
  const caseId = await confirmIntake(t);

  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('case-status')).toHaveText('已受理');
  await expect(page.getByTestId('case-no')).not.toHaveText(/^SB/);
  expect(h.sim.control.cases()).toHaveLength(0);

  // The queued receipt says the number comes later.
  await t.press('F10');
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  expect(squeeze(h.printer.jobs()[0]!.text)).toContain('受理编号待回传');

  await h.sim.control.setDown('si', false);
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  const held = heldOnce(caseId);
  expect(held.status).toBe('completed');
  // The result reaches the window by itself.
  await expect(page.getByTestId('case-no')).toHaveText(held.caseNo);
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
  await expect(page.getByTestId('case-result-data')).toContainText(String(held.result!.registrationNo));
  await expect(page.getByTestId('unsent')).toHaveAttribute('data-count', '0');

  const pdf = await downloadPdf(page, testInfo, 'receipt-after-outage', () => page.getByTestId('receipt-pdf').click());
  for (const s of ['受理回执', held.caseNo, String(held.result!.registrationNo), ID_MASKED]) expect(pdf.text, s).toContain(s);
  expect(h.sim.control.receivedCount(`${caseId}:1`)).toBe(1);

  // The citizen may have left with the queued receipt: the result is to be delivered through the chosen channel.
  await t.press('F4');
  await expect(page.getByTestId(`inform-${caseId}`)).toBeVisible();
  await t.click(page.getByTestId(`inform-${caseId}`));
  await expect(page.getByTestId('inform-message')).toContainText(held.caseNo);
  await t.click(page.getByTestId('inform-confirm'));
  await expect(page.getByTestId(`inform-${caseId}`)).toHaveCount(0);
});

test('errand: two commitment cases handed over in one batch with a manifest, then signed for by the back office', async ({ page }, testInfo) => {
  const t = await startIntake(h, page, RESIDENT_LONGWAN, 'SI-19-01', '失业保险关系转出');
  await fillTransferForm(t, 'toRegion', '江苏省苏州市');
  await t.press('F8');
  const first = await confirmIntake(t);
  await expect(page.getByTestId(`sync-${first}`).first()).toHaveAttribute('data-state', 'synced');
  await t.press('Escape'); // next citizen
  await takeCardAway(h);

  await placeCard(h, page, RESIDENT_LONG_TERM);
  await pickItem(t, 'MI-25-01', '基本医疗保险关系转出');
  await fillTransferForm(t, 'toRegion', '上海市');
  await t.press('F8');
  const second = await confirmIntake(t);
  await expect(page.getByTestId(`sync-${second}`).first()).toHaveAttribute('data-state', 'synced');

  const a = heldOnce(first);
  const b = heldOnce(second);
  for (const c of [a, b]) expect(c).toMatchObject({ kind: 'commitment', status: 'received' });
  expect(a.promisedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  await t.press('F6');
  const candidates = page.getByTestId('errand-candidates');
  await expect(candidates).toContainText(a.caseNo);
  await expect(candidates).toContainText(b.caseNo);
  await t.fill(page.getByTestId('errand-courier'), '专人 张师傅');
  const manifest = await downloadPdf(page, testInfo, 'handover-manifest', () => t.click(page.getByTestId('errand-create')));
  for (const s of ['代跑腿材料交接清单', a.caseNo, b.caseNo, '失业保险关系转出', '基本医疗保险关系转出', '专人张师傅', 'T0042']) {
    expect(manifest.text, s).toContain(s);
  }
  expect(manifest.text).not.toContain(RESIDENT_LONGWAN.name);
  expect(code128In(manifest.file).sort()).toEqual([a.caseNo, b.caseNo].sort());

  // Sent exactly once, and the back office holds the batch with both cases.
  await expect.poll(() => h.sim.control.errandBatches().length).toBe(1);
  const batch = h.sim.control.errandBatches()[0]!;
  expect([...batch.caseIds].sort()).toEqual([first, second].sort());
  const row = page.getByTestId(`batch-${batch.batchId}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(batch.batchNo);

  // The back office signs for the paper (after the harness's 500 ms receipt delay); the receipt comes back via /v1/changes.
  await expect.poll(() => h.sim.control.errandBatches()[0]!.confirmed).toBe(true);
  await expect(row).toHaveAttribute('data-state', 'received', { timeout: 20_000 });
  await expect(row).toContainText('后台已签收');
  await expect(candidates).not.toContainText(a.caseNo);
  expect(h.sim.control.errandBatches()).toHaveLength(1);
  expect(h.sim.control.receivedCount(`${first}:1`) + h.sim.control.receivedCount(`${second}:1`)).toBe(2);
});

test('deferred (容缺) material: accepted with a one-time notice listing it and its deadline', async ({ page }, testInfo) => {
  const t = await startIntake(h, page, RESIDENT_LONGWAN, 'MI-28-02', '门诊慢特病待遇续认');
  await t.fill(page.getByTestId('field-disease'), '高血压');
  await t.choose(page.getByTestId('field-feedbackChannel'), '短信');
  await t.fill(page.getByTestId('field-contactMobile'), MOBILE);
  await expect(page.getByTestId('material-M01-received')).toBeChecked(); // the ID card just read
  await t.click(page.getByTestId('material-M02-deferred'));
  const caseId = await confirmIntake(t);
  // 容缺受理 at the counter, then received by the back office like any complete application.
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');
  await expect(page.getByTestId('case-status')).toHaveText('已接收');

  const held = heldOnce(caseId);
  expect(held).toMatchObject({ itemCode: 'MI-28-02', status: 'received' });
  await expect(page.getByTestId('case-no')).toHaveText(held.caseNo);

  await t.press('F10'); // the notice, then the receipt
  await expect.poll(() => h.printer.jobs().length).toBe(2);
  const notice = squeeze(h.printer.jobs()[0]!.text);
  const receipt = squeeze(h.printer.jobs()[1]!.text);
  for (const s of ['一次性告知书', '容缺受理', held.caseNo, '容缺待补材料', '近期相关检查报告及病历', '补齐期限', ID_MASKED]) expect(notice, s).toContain(s);
  expect(notice).not.toContain('暂不予受理');
  expect(notice).not.toContain('居民身份证（或社会保障卡）');
  const deadline = /补齐期限(\d{4}-\d{2}-\d{2})前/.exec(notice)?.[1];
  expect(deadline).toBeDefined();
  expect(deadline! > new Date().toISOString().slice(0, 10)).toBe(true);
  for (const s of ['受理回执', held.caseNo, '容缺待补', '近期相关检查报告及病历']) expect(receipt, s).toContain(s);

  const pdf = await downloadPdf(page, testInfo, 'notice-deferred', () => page.getByTestId('notice-pdf').click());
  const chineseDeadline = deadline!.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`);
  for (const s of ['一次性告知书', '容缺受理', held.caseNo, '近期相关检查报告及病历', `${chineseDeadline}前补齐`]) expect(pdf.text, s).toContain(s);
  expect(pdf.text).not.toContain('暂不予受理');
  expect(pdf.text, 'the first A4 notice is the original').not.toContain('副本');
});

test('refused intake: one-time notice of everything missing, nothing sent; the return visit completes it', async ({ page }, testInfo) => {
  const t = await startIntake(h, page, RESIDENT_LONGWAN, 'MI-23-04', '在校学生医保参保登记');
  await t.fill(page.getByTestId('field-school'), '温州大学');
  await t.fill(page.getByTestId('field-year'), '2026');
  await t.fill(page.getByTestId('field-contactMobile'), MOBILE);
  // Only the ID card just read (ticked by the read); the student certificate (deferrable, not deferred) is missing.
  await expect(page.getByTestId('material-M01-received')).toBeChecked();
  const caseId = await confirmIntake(t);
  await expect(page.getByTestId('case-status')).toHaveText('已一次性告知');
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'local');

  await t.press('F10'); // the notice only
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  const notice = squeeze(h.printer.jobs()[0]!.text);
  for (const s of ['一次性告知书', '暂不予受理', '需补齐的材料', '学生证或在校证明', ID_MASKED, '告知依据']) expect(notice, s).toContain(s);
  expect(notice).not.toContain('1.居民身份证');
  const pdf = await downloadPdf(page, testInfo, 'notice-refused', () => page.getByTestId('notice-pdf').click());
  for (const s of ['一次性告知书', '暂不予受理', '学生证或在校证明', '最多跑一次']) expect(pdf.text, s).toContain(s);
  expect(pdf.text).not.toContain('副本');
  expect(h.sim.control.cases()).toHaveLength(0);
  expect(h.sim.control.requestCount(`${caseId}:1`)).toBe(0);

  await t.press('Escape');
  await takeCardAway(h);

  // The return visit: the card brings up the refused case, which continues from where it stopped.
  await placeCard(h, page, RESIDENT_LONGWAN);
  await expect(page.getByTestId(`history-${caseId}`)).toContainText('已一次性告知');
  await t.click(page.getByTestId(`resume-${caseId}`));
  await expect(page.getByTestId('resume-panel')).toBeVisible();
  await t.press('F8');
  await t.press('F9');
  await expect(page.getByTestId('case-result')).toHaveAttribute('data-case-id', caseId);
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');

  const held = heldOnce(caseId);
  expect(held).toMatchObject({ status: 'completed', itemCode: 'MI-23-04' });
  await expect(page.getByTestId('case-no')).toHaveText(held.caseNo);
  await expect(page.getByTestId('case-status')).toHaveText('已办结');
  await t.press('F10');
  await expect.poll(() => h.printer.jobs().length).toBe(2);
  const receipt = squeeze(h.printer.jobs()[1]!.text);
  for (const s of ['受理回执', held.caseNo, '学生证或在校证明', ID_MASKED]) expect(receipt, s).toContain(s);
  expect(receipt).not.toContain('一次性告知书');
  const receiptPdf = await downloadPdf(page, testInfo, 'receipt-return-visit', () => page.getByTestId('receipt-pdf').click());
  for (const s of ['受理回执', held.caseNo, '在校学生医保参保登记']) expect(receiptPdf.text, s).toContain(s);
  expect(h.sim.control.cases()).toHaveLength(1);
});

test('follow-up: the back office approves, the citizen is informed, the case leaves the list', async ({ page }, testInfo) => {
  const t = await startIntake(h, page, RESIDENT_LONGWAN, 'SI-06-02', '职工养老保险省内转移');
  // Its form asks how the result is told (结果反馈方式, 联系手机): the intake does not ask it a second time.
  await expect(page.getByTestId('feedback-channel')).toHaveCount(0);
  await expect(page.getByTestId('feedback-phone')).toHaveCount(0);
  await fillTransferForm(t, 'fromRegion', '杭州市');
  await t.press('F8');
  const caseId = await confirmIntake(t);
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'synced');
  const held = heldOnce(caseId);
  await t.press('F10');
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  for (const s of ['受理回执', held.caseNo, '已接收', `承诺办结${held.promisedDate}`]) expect(squeeze(h.printer.jobs()[0]!.text), s).toContain(s);
  const receiptPdf = await downloadPdf(page, testInfo, 'receipt-commitment', () => page.getByTestId('receipt-pdf').click());
  for (const s of ['受理回执', held.caseNo, '职工养老保险省内转移']) expect(receiptPdf.text, s).toContain(s);

  await t.press('F4');
  const followUps = page.getByTestId('follow-ups');
  await expect(followUps).toBeVisible();
  await expect(page.getByTestId(`inform-${caseId}`)).toHaveCount(0);

  h.sim.control.advance(caseId, 'approved', { note: '审核通过，转移手续已办结' });
  expect(h.sim.control.getCase(caseId)!.status).toBe('approved');
  // The terminal's inbound poll brings the approval; the case shows up to be told.
  await expect(page.getByTestId(`inform-${caseId}`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId(`status-${caseId}`)).toHaveText('已审批');
  // The row names its item: a teller calling the citizen back knows which business it is.
  await expect(followUps.getByTestId(`item-${caseId}`)).toHaveText('职工养老保险省内转移');

  await t.click(page.getByTestId(`inform-${caseId}`));
  const message = page.getByTestId('inform-message');
  await expect(message).toContainText(`您申请的“职工养老保险省内转移”（受理编号${held.caseNo}）已审核通过`);
  await expect(message).not.toContainText(RESIDENT_LONGWAN.idNumber);
  await t.click(page.getByTestId('inform-confirm'));
  await expect(page.getByTestId(`inform-${caseId}`)).toHaveCount(0);

  // Informing is the terminal's own record: nothing more went to the back office.
  expect(h.sim.control.getCase(caseId)).toMatchObject({ status: 'approved', revisions: [1] });
  expect(h.sim.control.receivedCount(`${caseId}:2`)).toBe(0);
});
