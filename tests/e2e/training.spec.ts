import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { RESIDENT_LONGWAN, SAMPLE_CARDS } from '../../native/idcard/sample-cards';
import { loadCatalog } from '../../src-main/core/catalog/load';
import { buildPracticeBank } from '../../src-main/core/training/practice-bank';
import { PRACTICE_PRINT_MARK } from '../../src-main/core/training/practice-printer';
import { downloadPdf } from './support/documents';
import { startHarness, type Harness } from './support/harness';
import { TEST_PIN } from '../support/people';
import { confirmIntake, openTerminal, pickItem, placeCard, tellerAt } from './support/teller';

const bank = buildPracticeBank(loadCatalog());
const scenario = bank.scenario('SI-04-01#complete')!;
const holder = SAMPLE_CARDS[scenario.card];

let h: Harness;
test.beforeEach(async () => {
  h = await startHarness({ config: { training: { requiredCleanRuns: 1, unsignedItems: 'cosign' } } });
});
test.afterEach(async () => {
  await h.stop();
});

/** Opens the practice page (F7) on the scenario's item. */
async function openPracticeItem(page: Page): Promise<void> {
  await page.getByTestId('tab-practice').click();
  await page.getByTestId('practice-item').locator('input').fill('SI-04-01');
  await page.locator('.ant-select-item-option', { hasText: 'SI-04-01' }).click();
}

/** Starts the scenario on the practice page; the terminal goes to intake with the scenario's applicant. */
async function startScenario(page: Page): Promise<void> {
  await openPracticeItem(page);
  await page.locator(`[data-testid="practice-scenario"][data-id="${scenario.id}"] [data-testid="scenario-start"]`).click();
  await expect(page.getByTestId('practice-banner')).toBeVisible();
  await expect(page.getByTestId('applicant-name')).toHaveText(holder.name);
}

/** Does the intake the story asks for; `mobile` is what the teller types as the new mobile. */
async function handle(page: Page, mobile: string): Promise<string> {
  const t = tellerAt(page);
  await pickItem(t, 'SI-04-01', '联系方式');
  await page.getByTestId('field-newMobile').fill(mobile);
  if (scenario.form.newAddress) await page.getByTestId('field-newAddress').fill(String(scenario.form.newAddress));
  await page.keyboard.press('F8');
  await page.getByTestId('feedback-phone').fill(scenario.feedback.phone!);
  return confirmIntake(t);
}

/** Answers the item's questions from the bank's answers and submits them. */
async function passQuiz(page: Page): Promise<void> {
  await page.getByTestId('quiz-open').click();
  const questions = page.getByTestId('quiz-question');
  await expect(questions.first()).toBeVisible();
  for (const q of await questions.all()) {
    const id = (await q.getAttribute('data-id'))!;
    const right = bank.questions('SI-04-01').find((x) => x.id === id)!;
    await q.getByText(right.options[right.answer]!, { exact: true }).click();
  }
  await page.getByTestId('quiz-submit').click();
}

test('a teller practises, is shown a mistake, repeats it cleanly, passes the questions; a mentor signs off; production opens the item', async ({ page }, testInfo) => {
  await openTerminal(page, h.url);

  // First run with a wrong mobile: the mistake is named on the practice page.
  await startScenario(page);
  await handle(page, '13800000000');
  await page.getByTestId('tab-practice').click();
  await expect(page.getByTestId('practice-mistake')).toHaveCount(1);
  await expect(page.getByTestId('practice-mistake')).toHaveAttribute('data-kind', 'form');
  await expect(page.getByTestId('practice-mistake')).toContainText('13800000000');
  await page.screenshot({ path: testInfo.outputPath('practice-mistake.png'), fullPage: true });

  // The same scenario done right; its receipt prints with the practice mark.
  await startScenario(page);
  await handle(page, String(scenario.form.newMobile));
  await page.getByTestId('print-receipt').click();
  await expect.poll(() => h.printer.jobs().length).toBeGreaterThan(0);
  for (const job of h.printer.jobs()) expect(job.text).toContain(PRACTICE_PRINT_MARK);
  await page.getByTestId('tab-practice').click();
  await expect(page.getByTestId('practice-clean')).toBeVisible();

  // The questions, answered from the bank's answers.
  await passQuiz(page);
  await expect(page.getByTestId('practice-page').getByTestId('stage-SI-04-01').first()).toHaveAttribute('data-stage', 'practised');

  // The mentor signs the item off with their own PIN.
  await page.getByTestId('signoff-mentor').fill('M0001'); // a mentor of the provisioned people
  await page.getByTestId('signoff-pin').fill(TEST_PIN);
  await page.getByTestId('signoff-submit').click();
  await expect(page.getByTestId('stage-SI-04-01').first()).toHaveAttribute('data-stage', 'signed_off');
  await expect(page.getByTestId('training-matrix').getByTestId('stage-SI-04-01')).toHaveAttribute('data-stage', 'signed_off');

  // The progress figures chart the sign-off and the mistake; the matrix prints (A4 PDF) and exports (.xlsx) what it shows.
  await expect(page.getByTestId('figures-tellers')).toContainText('1/119');
  await expect(page.getByTestId('figures-signed-chart').locator('svg')).toBeVisible();
  await expect(page.getByTestId('figures-hardest-chart')).toContainText('SI-04-01');
  const matrixPdf = await downloadPdf(page, testInfo, 'training-matrix', () => page.getByTestId('matrix-pdf').click());
  expect(matrixPdf.text).toContain('师徒培训逐项考核表');
  expect(matrixPdf.text).toMatch(/SI-04-01[^S]*已签\d{2}-\d{2}/);
  const download = page.waitForEvent('download');
  await page.getByTestId('matrix-xlsx').click();
  const xlsxFile = testInfo.outputPath('training-matrix.xlsx');
  await (await download).saveAs(xlsxFile);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxFile);
  const tellerSheet = workbook.worksheets[1]!;
  expect(tellerSheet.getRow(2).getCell(1).value).toBe('SI-04-01');
  expect(tellerSheet.getRow(2).getCell(4).value).toBe('已签字');

  // Back to live work: the signed-off item opens without a co-signature, another still asks for one.
  await page.getByTestId('practice-switch').click();
  await expect(page.getByTestId('practice-banner')).toBeHidden();
  await page.getByTestId('tab-intake').click();
  await placeCard(h, page, RESIDENT_LONGWAN);
  const t = tellerAt(page);
  await pickItem(t, 'SI-04-01', '联系方式');
  await expect(page.getByTestId('intake-form')).toBeVisible();
  await expect(page.getByTestId('gate-cosign')).toBeHidden();
  await page.getByTestId('item-search').locator('input').fill('');
  await pickItem(t, 'SI-01-01', '职工新参保登记');
  await expect(page.getByTestId('gate-cosign')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('gate-cosign.png'), fullPage: true });

  // Nothing practice-made reached the production endpoints.
  expect(h.sim.control.cases()).toEqual([]);
});

test('the practice page follows a run without a reload: the clean run counts and the sign-off form appears', async ({ page }) => {
  await openTerminal(page, h.url);
  await openPracticeItem(page);
  const practicePage = page.getByTestId('practice-page');
  await passQuiz(page);
  await expect(practicePage.getByTestId('stage-SI-04-01').first()).toHaveAttribute('data-stage', 'studied');
  await expect(practicePage).toContainText('无差错练习 0 次');
  await expect(page.getByTestId('signoff-form')).toHaveCount(0);

  await startScenario(page);
  await handle(page, String(scenario.form.newMobile));
  await expect(page.getByTestId('case-result')).toBeVisible();

  // Back on 练习 (F7), no reload: the run counts, the item is practised and the mentor's sign-off form is there.
  await page.keyboard.press('F7');
  await expect(practicePage).toContainText('无差错练习 1 次');
  await expect(practicePage.getByTestId('stage-SI-04-01').first()).toHaveAttribute('data-stage', 'practised');
  await expect(page.getByTestId('signoff-form')).toBeVisible();
});

test('an accepted practice case says it is not rated instead of claiming it is on the rating screen', async ({ page }) => {
  await openTerminal(page, h.url);
  await startScenario(page);
  await handle(page, String(scenario.form.newMobile));
  await expect(page.getByTestId('case-rating')).toHaveAttribute('data-rated', 'practice');
  await expect(page.getByTestId('case-rating')).toHaveText('群众评价：练习件不评价');
  await expect(page.getByTestId('case-rating-presented')).toHaveCount(0);
  await expect(page.getByTestId('present-for-rating')).toHaveCount(0);
});

test("the branch admin's matrix lists the items tellers have started, though the admin does not practise", async ({ page }) => {
  await openTerminal(page, h.url);
  await startScenario(page); // T0042 starts studying SI-04-01

  await h.signIn('A0001');
  await page.reload();
  await expect(page.getByTestId('session-bar')).toHaveAttribute('data-user', 'A0001');
  await page.getByTestId('tab-practice').click();
  await expect(page.getByTestId('practice-switch')).toHaveCount(0);
  const matrix = page.getByTestId('training-matrix');
  await expect(matrix.locator('tr', { hasText: 'SI-04-01' })).toContainText('学习中');
  await expect(matrix.getByTestId('stage-SI-04-01')).toHaveAttribute('data-teller', 'T0042');
  await expect(matrix.getByTestId('stage-SI-04-01')).toHaveAttribute('data-stage', 'studied');
});
