import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallResult, CaseRating, CaseView, DocumentFile, MergeResult, ReportFigures } from '../../../src-main/contract';
import { pinKey, signFiguresFile, type FiguresPayload } from '../../../src-main/core/reports/figures-file';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { Terminal } from '../../../src-main/terminal';
import { acceptCase, call, startTestTerminal, until } from './support';

const APPLICANT = { idNumber: '330302199001011235', name: '林晓梅' };
const PERSONAL = [APPLICANT.idNumber, APPLICANT.name, '13905771234', '330302********1235', '林*'];

let dir: string;
let sim: Simulator;
let t: Terminal;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-reports-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0, errandReceiptDelayMs: null, evaluationFollowUpDelayMs: null });
  t = await startTestTerminal(dir, sim);
});
afterEach(async () => {
  await t.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const accept = (code: string, opts: { missing?: string[]; deferred?: string[] } = {}) => acceptCase(t, code, { ...opts, applicant: APPLICANT });

/** The figures counted straight from the cases' views (independent of the report's SQL and cache). */
function expectedFrom(cases: CaseView[]) {
  const accepted = cases.filter((c) => c.status !== 'notified');
  return {
    cases: cases.length,
    refused: cases.length - accepted.length,
    accepted: accepted.length,
    immediate: accepted.filter((c) => c.kind === 'immediate').length,
    onSpot: accepted.filter((c) => c.kind === 'immediate' && c.status === 'completed').length,
    commitment: accepted.filter((c) => c.kind === 'commitment').length,
    withdrawn: accepted.filter((c) => c.status === 'withdrawn').length,
  };
}

function expectNoPersonalData(what: string, text: string): void {
  for (const p of PERSONAL) expect(text.includes(p), `${what} contains ${p}`).toBe(false);
}

async function xlsxText(doc: DocumentFile): Promise<{ text: string; wb: ExcelJS.Workbook }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(doc.base64, 'base64') as unknown as ArrayBuffer);
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => parts.push(String(cell.value)))));
  return { text: parts.join('\n'), wb };
}

describe('report figures of a terminal', () => {
  it('counts a day of intakes, follows later changes, exports PDF / xlsx / a signed figures file without personal data', async () => {
    await accept('SI-04-01');
    await accept('SI-04-01');
    await accept('SI-06-02');
    const toWithdraw = await accept('SI-06-02');
    await accept('SI-06-03', { missing: ['M01'] });
    await accept('SI-01-01', { deferred: ['M02'] });
    await accept('TAX-31-01');
    const period = { from: today(), to: today() };

    const first = await call<ReportFigures>(t, 'reportFigures', { period });
    let cases = await call<CaseView[]>(t, 'listCases', { date: today(), limit: 500 });
    expect(first.totals).toMatchObject(expectedFrom(cases));
    expect(first.totals).toMatchObject({ cases: 7, refused: 1, deferred: 1, withdrawn: 0 });
    expect(first.outcomes.topRefused).toEqual([expect.objectContaining({ itemCode: 'SI-06-03', materialCode: 'M01', cases: 1 })]);
    expect(first.outcomes.topDeferred).toEqual([expect.objectContaining({ itemCode: 'SI-01-01', materialCode: 'M02', cases: 1 })]);
    expect(first.byEndpoint.find((e) => e.endpoint === 'tax')!.cases).toBe(1);
    expect(first.byItem[0]).toMatchObject({ itemCode: 'SI-04-01', cases: 2 });
    expect(first.byWindow).toEqual([expect.objectContaining({ window: '3', windowNo: 3, branchCode: null, cases: 7 })]);
    expect(first.handling.measured).toBe(7);
    expect(first.handling.medianS).not.toBeNull();
    expect(first.trend).toEqual([expect.objectContaining({ day: today(), cases: 7 })]);

    // A change after the day was cached is counted: the withdrawal, then the errand handover.
    await call(t, 'withdrawCase', { caseId: toWithdraw.caseId, reason: '申请人申请撤回' });
    await call(t, 'createErrandBatch', { courier: '专人送达' });
    const second = await call<ReportFigures>(t, 'reportFigures', { period });
    cases = await call<CaseView[]>(t, 'listCases', { date: today(), limit: 500 });
    expect(second.totals).toMatchObject({ ...expectedFrom(cases), withdrawn: 1 });
    expect(second.errands).toMatchObject({ batches: 1, handedOver: 1 });

    const pdf = await call<DocumentFile>(t, 'reportDocument', { period, format: 'pdf' });
    const pdfFile = path.join(dir, 'r.pdf');
    writeFileSync(pdfFile, Buffer.from(pdf.base64, 'base64'));
    const pdfText = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('受理登记 7 件');
    expect(pdfText).toContain('每日受理趋势');
    expectNoPersonalData('PDF', pdfText);

    const xlsx = await call<DocumentFile>(t, 'reportDocument', { period, format: 'xlsx' });
    const { text, wb } = await xlsxText(xlsx);
    expect(wb.getWorksheet('总览')!.getRow(2).values).toEqual([undefined, '受理登记（件）', 7]);
    expect(wb.getWorksheet('每日趋势')!.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    expectNoPersonalData('xlsx', text);

    const file = await call<DocumentFile>(t, 'exportFiguresFile', { period });
    expectNoPersonalData('figures file', Buffer.from(file.base64, 'base64').toString('utf8'));
  });

  it('merges figures files: the same file twice counts once, a forged or unknown terminal is refused by name until pinned', async () => {
    await accept('SI-04-01');
    await accept('SI-06-03', { missing: ['M01'] });
    const period = { from: today(), to: today() };
    const own = await call<ReportFigures>(t, 'reportFigures', { period });
    const file = await call<DocumentFile>(t, 'exportFiguresFile', { period });

    const twice = await call<{ merge: MergeResult }>(t, 'mergeFigures', {
      files: [
        { name: 'a.json', base64: file.base64 },
        { name: 'a-copy.json', base64: file.base64 },
      ],
      format: null,
    });
    expect(twice.merge.figures.totals).toEqual(own.totals);
    expect(twice.merge.accepted.map((a) => a.duplicateDays).sort()).toEqual([0, 1]);

    // A count changed after signing.
    const forged = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as { payload: FiguresPayload };
    forged.payload.days[0]!.endpoints.si![0] = 999;
    // Another terminal, signed with its own key, not pinned yet.
    const other = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as { payload: FiguresPayload };
    const otherText = signFiguresFile({ ...other.payload, terminalId: '3303-LW-0099-W01', branchCode: '3303-LW-0099' }, generateKeyPairSync('ed25519').privateKey);
    const files = [
      { name: 'own.json', base64: file.base64 },
      { name: 'forged.json', base64: Buffer.from(JSON.stringify(forged)).toString('base64') },
      { name: 'other.json', base64: Buffer.from(otherText).toString('base64') },
    ];
    const refused = await call<{ merge: MergeResult }>(t, 'mergeFigures', { files, format: null });
    expect(refused.merge.refused.map((r) => r.file)).toEqual(['forged.json', 'other.json']);
    expect(refused.merge.refused[0]!.reason).toContain('签名');
    expect(refused.merge.refused[1]!.reason).toContain('3303-LW-0099-W01');
    expect(refused.merge.figures.totals.cases).toBe(own.totals.cases);

    pinKey(path.join(dir, 'trusted-terminals'), Buffer.from(otherText));
    const both = await call<{ merge: MergeResult; document: DocumentFile }>(t, 'mergeFigures', { files, format: 'xlsx' });
    expect(both.merge.refused.map((r) => r.file)).toEqual(['forged.json']);
    expect(both.merge.figures.totals.cases).toBe(2 * own.totals.cases);
    expect(both.merge.figures.byWindow.map((w) => [w.branchCode, w.windowNo])).toEqual([['3303-LW-0012', 3], ['3303-LW-0099', 3]]);
    const { wb } = await xlsxText(both.document);
    expect(wb.getWorksheet('数据来源')!.rowCount).toBe(3);
  });

  it('refuses a bad period with a typed error', async () => {
    await expect(call(t, 'reportFigures', { period: { from: '2026-12-05', to: '2026-12-01' } })).rejects.toMatchObject({ code: 'invalid_input' });
    await until(
      () => call<ReportFigures>(t, 'reportFigures', { period: { from: '2020-01-01', to: '2020-01-31' } }),
      (f) => f.totals.cases === 0 && f.trend.length === 31,
    );
  });
});

/**
 * Citizen ratings in the report figures: rated through the citizen calls, counted independently here from the levels
 * given; a follow-up arriving after the day was cached changes the figures; two terminals' signed figures files merge
 * their ratings; a previous-format file is read.
 */
async function rate(caseId: string, level: number): Promise<string> {
  const r = (await t.core.citizenDispatch('rateCase', { caseId, rev: 1, level, reasons: level <= 2 ? ['E01'] : [] })) as CallResult<{ evaluationId: string }>;
  if (!r.ok) throw new Error(`rateCase: ${r.error.code} ${r.error.message}`);
  await until(() => call<CaseRating>(t, 'caseRating', { caseId }), (x) => x.rating?.syncState === 'synced');
  return r.value.evaluationId;
}

/** Expected counts from the levels given, written out here (not through the rating module). */
function expected(levels: number[], followUp = 0) {
  const bad = levels.filter((l) => l <= 2).length;
  const satisfied = levels.length - bad;
  return {
    total: levels.length,
    satisfied,
    satisfactionRate: satisfied / levels.length,
    byLevel: Object.fromEntries([1, 2, 3, 4, 5].map((l) => [String(l), levels.filter((x) => x === l).length])),
    bad: { total: bad, awaitingFollowUp: bad - followUp, followUp, rectified: 0 },
  };
}

describe('ratings in the report figures', () => {
  it('counts the day’s ratings per level, item and teller; a later follow-up recomputes the cached day; files merge ratings', async () => {
    const plan: [string, number][] = [
      ['SI-04-01', 5],
      ['SI-04-01', 2],
      ['SI-06-03', 4],
      ['SI-06-03', 1],
    ];
    const ids: string[] = [];
    for (const [code, level] of plan) ids.push(await rate((await acceptCase(t, code)).caseId, level));
    const period = { from: today(), to: today() };
    const levels = plan.map(([, l]) => l);

    const first = await call<ReportFigures>(t, 'reportFigures', { period });
    expect(first.ratings).toMatchObject(expected(levels));
    const perItem = Object.fromEntries(first.ratings.perItem.map((r) => [r.itemCode, r.total]));
    expect(perItem).toEqual({ 'SI-04-01': 2, 'SI-06-03': 2 });
    expect(first.ratings.perItem.find((r) => r.itemCode === 'SI-04-01')).toMatchObject(expected([5, 2]));
    expect(first.ratings.perTeller).toHaveLength(1);
    expect(first.ratings.perTeller[0]).toMatchObject({ tellerId: first.byTeller[0]!.tellerId, ...expected(levels) });

    // The day is cached now; the back office follows up the level-1 rating afterwards.
    sim.control.followUpEvaluation(ids[3]!, 'follow_up', '请回访核实');
    await until(
      () => call<ReportFigures>(t, 'reportFigures', { period }),
      (f) => f.ratings.bad.followUp === 1,
    );
    const second = await call<ReportFigures>(t, 'reportFigures', { period });
    expect(second.ratings).toMatchObject(expected(levels, 1));
    expect(second.ratings.perItem.find((r) => r.itemCode === 'SI-06-03')!.bad).toEqual({ total: 1, awaitingFollowUp: 0, followUp: 1, rectified: 0 });

    // Two terminals: this one's file and another terminal's (same days, its own key, pinned) merge their ratings.
    const file = await call<DocumentFile>(t, 'exportFiguresFile', { period });
    const own = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as { payload: FiguresPayload };
    const otherText = signFiguresFile({ ...own.payload, terminalId: '3303-LW-0099-W01', branchCode: '3303-LW-0099' }, generateKeyPairSync('ed25519').privateKey);
    pinKey(path.join(dir, 'trusted-terminals'), Buffer.from(otherText));
    const files = [
      { name: 'own.json', base64: file.base64 },
      { name: 'other.json', base64: Buffer.from(otherText).toString('base64') },
    ];
    const merged = await call<{ merge: MergeResult; document: DocumentFile }>(t, 'mergeFigures', { files, format: 'xlsx' });
    expect(merged.merge.refused).toEqual([]);
    expect(merged.merge.figures.ratings).toMatchObject(expected([...levels, ...levels], 2));
    // The workbook has the ratings sheet: the total row, then one row per item and per teller.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(merged.document.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('好差评')!;
    const totalRow = sheet.getRow(2).values as unknown[];
    expect(totalRow.slice(1, 5)).toEqual(['合计', '', 8, 0.5]);
    expect(sheet.rowCount).toBe(1 + 1 + 2 + 1);

    // A file of the previous format (no ratings) is read: its cases count, it adds no ratings.
    const v1Payload = { ...own.payload, format: 'onewindow.figures.v1', terminalId: '3303-LW-0077-W01', branchCode: '3303-LW-0077', days: own.payload.days.map(({ ratings: _r, ...d }) => d) };
    const v1Text = signFiguresFile(v1Payload as unknown as FiguresPayload, generateKeyPairSync('ed25519').privateKey);
    pinKey(path.join(dir, 'trusted-terminals'), Buffer.from(v1Text));
    const withOld = await call<{ merge: MergeResult }>(t, 'mergeFigures', { files: [files[0]!, { name: 'old.json', base64: Buffer.from(v1Text).toString('base64') }], format: null });
    expect(withOld.merge.refused).toEqual([]);
    expect(withOld.merge.figures.totals.cases).toBe(2 * second.totals.cases);
    expect(withOld.merge.figures.ratings).toMatchObject(expected(levels, 1));
  });
});
