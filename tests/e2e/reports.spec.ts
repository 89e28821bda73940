/**
 * 报表 (issue 15): cases made through the API of the real web host, the 报表 page's figures checked against counts
 * computed here from what the test submitted, the PDF read back with pdftotext, the .xlsx with exceljs, the signed
 * figures file merged with a second terminal's (a real second core) on the page and with `npm run report`, one file
 * given twice and counted once. Every export is scanned for the applicants' data.
 */
import { spawnSync } from 'node:child_process';
import { signInAs, testUsers } from '../support/people';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import type { CallResult, CaseView, CatalogItem } from '../../src-main/contract';
import { maskIdNumber } from '../../src-main/contract/validation';
import { configSchema } from '../../src-main/core/config/schema';
import { startTerminal } from '../../src-main/terminal';
import { validForm } from '../support/fill-form';
import { downloadPdf, squeeze } from './support/documents';
import { counterPerTest, webApi, type WebApi as Call } from './support/harness';
import { openTerminal } from './support/teller';

const h = counterPerTest();

const APPLICANTS = [
  { idNumber: '330302199001011235', name: '林晓梅' },
  { idNumber: '11010519491231002X', name: '王芳' },
];
const MOBILE = '13905771234';
const PERSONAL = [...APPLICANTS.flatMap((a) => [a.idNumber, a.name, maskIdNumber(a.idNumber)]), MOBILE];

interface Plan {
  code: string;
  missing?: string[];
  deferred?: string[];
}

/** Submits the plan's cases (each applicant identified first, as at the counter) and waits until they are synced. */
async function makeCases(call: Call, plans: Plan[]): Promise<CaseView[]> {
  const made: CaseView[] = [];
  for (const [i, p] of plans.entries()) {
    const item = await call<CatalogItem>('getItem', { code: p.code });
    const applicant = await call<{ applicantId: string }>('enterApplicant', APPLICANTS[i % APPLICANTS.length]);
    made.push(
      await call<CaseView>('submitCase', {
        caseId: uuidv7(),
        applicantId: applicant.applicantId,
        itemCode: p.code,
        form: validForm(item),
        materials: item.materials.map((m) => {
          const deferred = p.deferred?.includes(m.code) ?? false;
          const received = !deferred && !(p.missing?.includes(m.code) ?? false);
          return { code: m.code, received, deferred, original: received ? m.originals : 0, copies: received ? m.copies : 0 };
        }),
        feedback: { channel: 'sms', phone: MOBILE },
      }),
    );
  }
  await expect
    .poll(async () => (await Promise.all(made.map((c) => call<CaseView>('getCase', { caseId: c.caseId })))).filter((c) => c.syncState === 'queued').length, { timeout: 30_000 })
    .toBe(0);
  return Promise.all(made.map((c) => call<CaseView>('getCase', { caseId: c.caseId })));
}

/** The figures as this test counts them, from its own plan, the catalog's item kinds and the cases' statuses. */
async function expectedCounts(call: Call, plans: Plan[], cases: CaseView[]) {
  const kinds = new Map<string, string>();
  for (const p of plans) kinds.set(p.code, (await call<CatalogItem>('getItem', { code: p.code })).kind);
  const accepted = plans.filter((p) => !p.missing?.length);
  return {
    cases: plans.length,
    refused: plans.length - accepted.length,
    accepted: accepted.length,
    deferred: accepted.filter((p) => p.deferred?.length).length,
    immediate: accepted.filter((p) => kinds.get(p.code) === 'immediate').length,
    onSpot: cases.filter((c) => c.kind === 'immediate' && c.status === 'completed').length,
    commitment: accepted.filter((p) => kinds.get(p.code) === 'commitment').length,
  };
}

async function download(page: Page, trigger: () => Promise<void>, file: string): Promise<Buffer> {
  const done = page.waitForEvent('download');
  await trigger();
  await (await done).saveAs(file);
  return readFileSync(file);
}

async function workbookText(bytes: Buffer): Promise<{ wb: ExcelJS.Workbook; text: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.value)))));
  return { wb, text: parts.join('\n') };
}

function expectNoPersonalData(what: string, text: string): void {
  for (const p of PERSONAL) expect(text.includes(p), `${what} must not contain ${p}`).toBe(false);
}

const PLANS: Plan[] = [
  { code: 'SI-04-01' },
  { code: 'SI-04-01' },
  { code: 'SI-04-01' },
  { code: 'SI-06-02' },
  { code: 'SI-06-02' },
  { code: 'SI-06-03', missing: ['M01'] },
  { code: 'SI-01-01', deferred: ['M02'] },
  { code: 'TAX-31-01' },
  { code: 'TAX-31-02' },
];

test('the 报表 page counts the month, exports PDF / xlsx / figures file, and merges two terminals counting a duplicate once', async ({ page }, testInfo) => {
  const call = webApi(h.url);
  const cases = await makeCases(call, PLANS);
  const want = await expectedCounts(call, PLANS, cases);

  await openTerminal(page, h.url);
  await page.keyboard.press('F5');
  await expect(page.getByTestId('reports-page')).toBeVisible();
  await page.getByTestId('report-period-month').click();
  for (const [k, v] of Object.entries(want)) if (k !== 'commitment') await expect(page.getByTestId(`report-total-${k}`)).toHaveText(String(v));
  await expect(page.getByTestId('report-total-immediateShare')).toHaveText(`${((want.immediate / want.accepted) * 100).toFixed(1)}%`);
  await expect(page.getByTestId('report-handling-measured')).toContainText(String(PLANS.length));
  for (const chart of ['trend', 'topItems', 'immediate', 'overdue']) await expect(page.getByTestId(`report-chart-${chart}`).locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('report-table-topRefused')).toContainText('M01');
  await expect(page.getByTestId('report-table-byItem')).toContainText('SI-04-01');
  await page.screenshot({ path: testInfo.outputPath('reports-page.png'), fullPage: true });
  await testInfo.attach('reports-page.png', { path: testInfo.outputPath('reports-page.png'), contentType: 'image/png' });

  const pdf = await downloadPdf(page, testInfo, 'report', () => page.getByTestId('report-export-pdf').click());
  expect(pdf.text).toContain(squeeze(`受理登记 ${want.cases} 件，已受理 ${want.accepted} 件（容缺 ${want.deferred} 件），不予受理 ${want.refused} 件`));
  expect(pdf.text).toContain('每日受理趋势');
  expectNoPersonalData('PDF', pdf.text);

  const xlsx = await workbookText(await download(page, () => page.getByTestId('report-export-xlsx').click(), testInfo.outputPath('report.xlsx')));
  const overview = xlsx.wb.getWorksheet('总览')!;
  expect(overview.getRow(2).values).toEqual([undefined, '受理登记（件）', want.cases]);
  expect(overview.getRow(5).values).toEqual([undefined, '不予受理（一次性告知，件）', want.refused]);
  expect(xlsx.wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['每日趋势', '主项', '子项', '窗口', '柜员', '专线', '不予受理原因', '容缺原因', '代跑腿']));
  const trendDay = xlsx.wb.getWorksheet('每日趋势')!.getRow(2).getCell(1).value;
  expect(trendDay).toBeInstanceOf(Date);
  expectNoPersonalData('xlsx', xlsx.text);

  const ownFile = testInfo.outputPath('figures-own.json');
  const ownBytes = await download(page, () => page.getByTestId('report-export-figures').click(), ownFile);
  expectNoPersonalData('figures file', ownBytes.toString('utf8'));

  // A second terminal of another branch: a real core on its own database, talking to the same simulator.
  const otherDir = mkdtempSync(path.join(tmpdir(), 'onewindow-e2e-other-'));
  const other = await startTerminal({
    config: configSchema.parse({
      mode: 'training',
      terminalId: '3303-LW-0020-W01',
      branchCode: '3303-LW-0020',
      windowNo: 1,
      tellerId: 'T0101',
      users: await testUsers(),
      endpoints: { si: { url: h.sim.si.url }, tax: { url: h.sim.tax.url } },
      devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial' } },
    }),
    dataDir: otherDir,
    host: 'web',
  });
  await signInAs(other.core.dispatch);
  const otherFile = testInfo.outputPath('figures-other.json');
  try {
    const otherCall: Call = async <T,>(name: string, input: unknown) => {
      const r = (await other.core.dispatch(name, input)) as CallResult<T>;
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value;
    };
    const otherPlans: Plan[] = [{ code: 'SI-04-01' }, { code: 'SI-06-03', missing: ['M01'] }, { code: 'TAX-31-01' }];
    await makeCases(otherCall, otherPlans);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const doc = await otherCall<{ base64: string }>('exportFiguresFile', { period: { from: `${today.slice(0, 8)}01`, to: today } });
    writeFileSync(otherFile, Buffer.from(doc.base64, 'base64'));
  } finally {
    await other.close();
    rmSync(otherDir, { recursive: true, force: true });
  }
  const copy = testInfo.outputPath('figures-own-copy.json');
  writeFileSync(copy, ownBytes);

  // Not pinned yet: the page names the file it refuses and counts the rest.
  await page.getByTestId('report-merge').locator('..').locator('input[type=file]').setInputFiles([ownFile, otherFile, copy]);
  await expect(page.getByTestId('report-merge-refused')).toContainText('figures-other.json');
  await expect(page.getByTestId('report-total-cases')).toHaveText(String(want.cases));
  await expect(page.getByTestId('report-merge-duplicate')).toContainText('figures-own-copy.json');
  await page.getByTestId('report-back').click();

  // Branch IT pins the other terminal's key (npm run report -- pin), then both terminals merge; the copy counts once.
  const trust = path.join(h.dataDir, 'trusted-terminals');
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src-main/core/reports/cli.ts', ...args], { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8' });
  const pinned = cli(['pin', otherFile, '--trust', trust]);
  expect(pinned.status, pinned.stderr).toBe(0);
  await page.getByTestId('report-merge').locator('..').locator('input[type=file]').setInputFiles([ownFile, otherFile, copy]);
  await expect(page.getByTestId('report-source')).toHaveText('合并 2 台终端');
  await expect(page.getByTestId('report-merge-refused')).toHaveCount(0);
  await expect(page.getByTestId('report-total-cases')).toHaveText(String(want.cases + 3));
  await expect(page.getByTestId('report-total-refused')).toHaveText(String(want.refused + 1));
  await expect(page.getByTestId('report-table-byWindow')).toContainText('3303-LW-0020 1号窗口');
  const merged = await downloadPdf(page, testInfo, 'report-merged', () => page.getByTestId('report-export-pdf').click());
  expect(merged.text).toContain(squeeze(`受理登记 ${want.cases + 3} 件`));
  expectNoPersonalData('merged PDF', merged.text);

  // The same merge from the command line (the own terminal's key pinned too, as on a district PC).
  const ownPub = cli(['pin', ownFile, '--trust', trust]);
  expect(ownPub.status, ownPub.stderr).toBe(0);
  const out = testInfo.outputPath('district.xlsx');
  const run = cli(['merge', ownFile, otherFile, copy, '--out', out, '--trust', trust]);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('already counted');
  const district = await workbookText(readFileSync(out));
  expect(district.wb.getWorksheet('总览')!.getRow(2).getCell(2).value).toBe(want.cases + 3);
  expectNoPersonalData('merged xlsx', district.text);
});
