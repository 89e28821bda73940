import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import type { CaseView, Scenario } from '../../../src-main/contract';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { configSchema } from '../../../src-main/core/config/schema';
import { buildPracticeBank } from '../../../src-main/core/training/practice-bank';
import { PRACTICE_PRINT_MARK } from '../../../src-main/core/training/practice-printer';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { call, FAST_SYNC, until } from './support';
import { DEMO_USERS } from '../../../src-main/core/people/demo-users';

const DEMO_PIN = Object.fromEntries(DEMO_USERS.map((u) => [u.id, u.pin])) as Record<string, string>;

const catalog = loadCatalog();
const bank = buildPracticeBank(catalog);
const itemOf = (code: string) => catalog.items.find((i) => i.code === code)!;

let dir: string;
let sim: Simulator;
let printer: PrinterEmulator;
let terminal: Terminal;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-practice-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0 });
  printer = await startPrinterEmulator({ tcpPort: 0 });
  const config = configSchema.parse({
    mode: 'development', // plain-http loopback endpoints are refused in production mode
    endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
    devices: { idCard: { transport: 'serial' }, printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, paperWidthMm: 58 } },
    training: { requiredCleanRuns: 1, unsignedItems: 'cosign' },
  });
  terminal = await startTerminal({ config, dataDir: dir, host: 'web', syncTuning: FAST_SYNC });
  // Development mode without provisioned people: the demo teller T0042 signs in; the demo mentor is M0001.
  await call(terminal, 'signIn', { userId: 'T0042', pin: DEMO_PIN.T0042 });
});
afterEach(async () => {
  await terminal.close();
  await printer.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Does what the scenario's story asks, with `mutate` applied to the submission (to make a mistake). */
async function practise(s: Scenario, mutate: (input: Record<string, unknown>) => void = () => {}): Promise<CaseView> {
  await call(terminal, 'startScenario', { scenarioId: s.id });
  const card = SAMPLE_CARDS[s.card];
  const applicant = await call<{ applicantId: string }>(terminal, 'enterApplicant', { idNumber: card.idNumber, name: card.name });
  const input: Record<string, unknown> = {
    caseId: uuidv7(),
    applicantId: applicant.applicantId,
    itemCode: s.itemCode,
    form: { ...s.form },
    materials: itemOf(s.itemCode).materials.map((m) => ({
      code: m.code,
      received: s.materials[m.code] === 'brought',
      deferred: s.materials[m.code] === 'deferred',
      original: m.originals,
      copies: m.copies,
    })),
    feedback: s.feedback,
  };
  mutate(input);
  return call<CaseView>(terminal, 'submitCase', input);
}

describe('practice (练习) beside production', () => {
  const scenario = bank.scenario('SI-01-01#deferred')!;

  it('keeps practice cases in their own database and endpoint, marks prints, and checks every run', async () => {
    expect((await call<{ practice: boolean }>(terminal, 'getSession', {})).practice).toBe(false);

    // A run with a mistake: the deferred material marked as received.
    const deferred = Object.entries(scenario.materials).find(([, p]) => p === 'deferred')![0];
    const wrong = await practise(scenario, (input) => {
      input.materials = (input.materials as { code: string; received: boolean; deferred: boolean }[]).map((m) =>
        m.code === deferred ? { ...m, received: true, deferred: false } : m,
      );
    });
    expect((await call<{ practice: boolean }>(terminal, 'getSession', {})).practice).toBe(true);
    const first = await call<{ mistakes: { kind: string; ref?: string }[]; progress: { cleanRuns: number } }>(terminal, 'practiceResult', { caseId: wrong.caseId });
    expect(first.mistakes.map((m) => [m.kind, m.ref])).toEqual([['material', deferred], ['outcome', undefined]]);
    expect(first.progress.cleanRuns).toBe(0);

    // The same scenario done right.
    const right = await practise(scenario);
    expect((await call<{ mistakes: unknown[] }>(terminal, 'practiceResult', { caseId: right.caseId })).mistakes).toEqual([]);

    // Practice prints carry the mark at their head and before their cut.
    await call(terminal, 'printReceipt', { caseId: right.caseId, copy: false });
    const job = await until(async () => printer.jobs(), (jobs) => jobs.length > 0);
    expect(job[0]!.text.split(PRACTICE_PRINT_MARK)).toHaveLength(3);

    // The practice cases reached the practice endpoint only: the production simulator never saw them, and
    // production's own case list does not hold them.
    await until(async () => call<CaseView>(terminal, 'getCase', { caseId: right.caseId }), (v) => v.syncState !== 'local' && v.syncState !== 'queued');
    expect([...sim.control.cases('si'), ...sim.control.cases('tax')]).toEqual([]);
    await call(terminal, 'setPractice', { on: false });
    expect(await call<CaseView[]>(terminal, 'listCases', {})).toEqual([]);
    await expect(call(terminal, 'getCase', { caseId: right.caseId })).rejects.toMatchObject({ code: 'not_found' });
    expect(existsSync(path.join(dir, 'practice', 'onewindow.db'))).toBe(true);
  });

  it('signs an item off only after clean practice and the questions, by a mentor with their PIN; production then opens it', async () => {
    expect(await call(terminal, 'itemGate', { itemCode: 'SI-01-01' })).toEqual({ allowed: false, needs: 'cosign' });
    await practise(scenario);
    const quiz = await call<{ id: string; options: string[] }[]>(terminal, 'quiz', { itemCode: 'SI-01-01' });
    // Answer from the bank's own answers, mapped onto the options as shown.
    const answers: Record<string, number> = {};
    for (const q of quiz) {
      const source = bank.questions('SI-01-01').find((x) => x.id === q.id)!;
      answers[q.id] = q.options.indexOf(source.options[source.answer]!);
    }
    const result = await call<{ passed: boolean; progress: { stage: string } }>(terminal, 'answerQuiz', { itemCode: 'SI-01-01', answers });
    expect(result).toMatchObject({ passed: true, progress: { stage: 'practised' } });

    await expect(call(terminal, 'signOffItem', { tellerId: 'T0042', itemCode: 'SI-01-01', mentorId: 'M0001', mentorPin: '111111' })).rejects.toMatchObject({ code: 'forbidden' });
    // Someone who is not a mentor is told that a mentor must confirm, not that their role may not do this.
    expect(await terminal.core.dispatch('signOffItem', { tellerId: 'T0042', itemCode: 'SI-01-01', mentorId: 'A0001', mentorPin: DEMO_PIN.A0001 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', messageKey: 'error.notMentor' },
    });
    const signed = await call<{ stage: string; signedOffBy: string }>(terminal, 'signOffItem', { tellerId: 'T0042', itemCode: 'SI-01-01', mentorId: 'M0001', mentorPin: DEMO_PIN.M0001 });
    expect(signed).toMatchObject({ stage: 'signed_off', signedOffBy: 'M0001' });
    expect(await call(terminal, 'itemGate', { itemCode: 'SI-01-01' })).toEqual({ allowed: true });
    expect(await call(terminal, 'itemGate', { itemCode: 'SI-01-02' })).toEqual({ allowed: false, needs: 'cosign' });
    // A mentor at the window (who signs others off, and could not co-sign their own case) is open for every item.
    await call(terminal, 'signIn', { userId: 'M0001', pin: DEMO_PIN.M0001 });
    expect(await call(terminal, 'itemGate', { itemCode: 'SI-01-02' })).toEqual({ allowed: true });
  });
});
