import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { configSchema } from '../../../src-main/core/config/schema';
import { buildPracticeBank } from '../../../src-main/core/training/practice-bank';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { call, FAST_SYNC } from './support';
import { DEMO_USERS } from '../../../src-main/core/people/demo-users';

const generated = buildPracticeBank(loadCatalog()).scenario('SI-01-01#deferred')!;
const districtScenario = { ...generated, id: 'SI-01-01#x-longwan-1', story: '龙湾区自编情景：一位灵活就业人员来办理参保登记，缺一份材料。' };
const districtQuestion = {
  id: 'SI-01-01?longwan-1',
  itemCode: 'SI-01-01',
  topic: 'district',
  text: '龙湾区便民服务点受理此事项后，纸质材料在几个工作日内送区人社局？',
  options: ['1 个工作日', '3 个工作日', '5 个工作日'],
  answer: 1,
};

let dir: string;
let sim: Simulator;
let terminal: Terminal | null = null;
beforeAll(async () => {
  sim = await startSimulator({ siPort: 0, taxPort: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-district-bank-'));
});
afterEach(async () => {
  await terminal?.close();
  terminal = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a terminal whose configuration names `bank` (written as the district's file) as its district bank. */
function start(bank: unknown): Promise<Terminal> {
  const file = path.join(dir, 'district-bank.json');
  writeFileSync(file, typeof bank === 'string' ? bank : JSON.stringify(bank));
  const config = configSchema.parse({
    mode: 'development',
    endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
    training: { districtBankFile: file },
  });
  return startTerminal({ config, dataDir: dir, host: 'web', syncTuning: FAST_SYNC });
}

describe('the district practice bank (config training.districtBankFile)', () => {
  it('is loaded at start: its scenarios and questions join the generated ones', async () => {
    terminal = await start({ version: 3, scenarios: [districtScenario], questions: [districtQuestion] });
    // Development without provisioned people: the demo teller signs in.
    await call(terminal, 'signIn', { userId: 'T0042', pin: DEMO_USERS.find((u) => u.id === 'T0042')!.pin });
    const items = await call<{ itemCode: string; scenarios: { id: string; story: string }[] }[]>(terminal, 'practiceItems', {});
    const si0101 = items.find((i) => i.itemCode === 'SI-01-01')!;
    expect(si0101.scenarios.map((s) => s.id)).toContain('SI-01-01#x-longwan-1');
    expect(si0101.scenarios.map((s) => s.id)).toContain('SI-01-01#deferred');
    const quiz = await call<{ id: string; text: string }[]>(terminal, 'quiz', { itemCode: 'SI-01-01' });
    expect(quiz.find((q) => q.id === districtQuestion.id)?.text).toBe(districtQuestion.text);
  });

  it('refuses to start with a file naming an item the catalog lacks, naming the file and the entry', async () => {
    const file = path.join(dir, 'district-bank.json');
    await expect(start({ version: 3, questions: [{ ...districtQuestion, id: 'SI-99-01?x', itemCode: 'SI-99-01' }] })).rejects.toThrow(
      `district bank ${file}: SI-99-01?x names item SI-99-01, which the catalog does not have`,
    );
    await expect(start({ version: 3, scenarios: [districtScenario, districtScenario] })).rejects.toThrow(`district bank ${file}: SI-01-01#x-longwan-1 appears twice`);
    await expect(start({ version: 3, questions: [{ ...districtQuestion, answer: 7 }] })).rejects.toThrow(`district bank ${file}: questions.0.answer:`);
    await expect(start('{ "version": 3, ')).rejects.toThrow(`district bank ${file}: not readable JSON`);
  });
});

describe('a district bank changed while the terminal runs', () => {
  it('is taken when practice next asks for it; a broken change is not taken and the bank in use stays', async () => {
    terminal = await start({ version: 3, scenarios: [districtScenario], questions: [] });
    await call(terminal, 'signIn', { userId: 'T0042', pin: DEMO_USERS.find((u) => u.id === 'T0042')!.pin });
    const scenarioIds = async () =>
      (await call<{ itemCode: string; scenarios: { id: string }[] }[]>(terminal!, 'practiceItems', {})).find((i) => i.itemCode === 'SI-01-01')!.scenarios.map((s) => s.id);
    const quizIds = async () => (await call<{ id: string }[]>(terminal!, 'quiz', { itemCode: 'SI-01-01' })).map((q) => q.id);
    expect(await scenarioIds()).toContain('SI-01-01#x-longwan-1');
    expect(await quizIds()).not.toContain(districtQuestion.id);

    // Version 4 adds the question: no restart.
    const file = path.join(dir, 'district-bank.json');
    writeFileSync(file, JSON.stringify({ version: 4, scenarios: [districtScenario], questions: [districtQuestion] }));
    expect(await quizIds()).toContain(districtQuestion.id);

    // A broken version 5 (an item the catalog lacks) is refused; version 4 stays in use.
    writeFileSync(file, JSON.stringify({ version: 5, scenarios: [], questions: [{ ...districtQuestion, id: 'SI-99-01?x', itemCode: 'SI-99-01' }] }));
    expect(await quizIds()).toContain(districtQuestion.id);
    expect(await scenarioIds()).toContain('SI-01-01#x-longwan-1');
  });
});
