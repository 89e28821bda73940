/**
 * Citizen ratings in the report figures: rated through the citizen calls on a real terminal core (real SQLite file,
 * simulator on loopback), counted independently here from the levels given; a follow-up arriving after the day was
 * cached changes the figures; two terminals' signed figures files merge their ratings; a previous-format file is read.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallResult, CaseRating, DocumentFile, MergeResult, ReportFigures } from '../../../src-main/contract';
import { pinKey, signFiguresFile, type FiguresPayload } from '../../../src-main/core/reports/figures-file';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { Terminal } from '../../../src-main/terminal';
import { acceptCase, call, startTestTerminal, until } from './support';

let dir: string;
let sim: Simulator;
let t: Terminal;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-report-ratings-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0, errandReceiptDelayMs: null, evaluationFollowUpDelayMs: null });
  t = await startTestTerminal(dir, sim);
});
afterEach(async () => {
  await t.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

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
