import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldLabel, validateFormValues, type CatalogItem } from '../../../src-main/contract';
import { questionSchema, scenarioSchema, type PracticeAttempt, type Scenario } from '../../../src-main/contract/training';
import { loadCatalog, SUB_ITEM_COUNT } from '../../../src-main/core/catalog/load';
import { checkAttempt } from '../../../src-main/core/training/check-attempt';
import { buildPracticeBank, PracticeBankError, readDistrictBank } from '../../../src-main/core/training/practice-bank';
import { scoreQuiz } from '../../../src-main/core/training/questions';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';

const catalog = loadCatalog();
const bank = buildPracticeBank(catalog);
const itemOf = (code: string) => catalog.items.find((i) => i.code === code)!;
const allScenarios = catalog.items.flatMap((i) => bank.scenarios(i.code));

/** What a teller who follows the story does: the right item and card, the values told, each material as it stands. */
function correctAttempt(s: Scenario): PracticeAttempt {
  return {
    scenarioId: s.id,
    itemCode: s.itemCode,
    applicantIdNumber: SAMPLE_CARDS[s.card].idNumber,
    form: { ...s.form },
    materials: itemOf(s.itemCode).materials.map((m) => ({
      code: m.code,
      received: s.materials[m.code] === 'brought',
      deferred: s.materials[m.code] === 'deferred',
    })),
    feedback: { ...s.feedback },
  };
}

describe('the practice bank generated from the catalog', () => {
  it('has at least one scenario for every one of the 119 items, each valid against the contract', () => {
    expect(bank.itemCodes()).toHaveLength(SUB_ITEM_COUNT);
    for (const s of allScenarios) expect(scenarioSchema.safeParse(s).success, s.id).toBe(true);
  });

  it("gives form values the item's own validation accepts", () => {
    for (const s of allScenarios) expect(validateFormValues(itemOf(s.itemCode).form, s.form), s.id).toEqual([]);
  });

  it('covers all three outcomes, each where the catalog allows it', () => {
    const byVariant = (v: string) => allScenarios.filter((s) => s.id.endsWith(`#${v}`));
    expect(byVariant('complete').every((s) => s.expectedOutcome === 'accepted')).toBe(true);
    expect(byVariant('deferred').length).toBeGreaterThan(0);
    expect(byVariant('deferred').every((s) => s.expectedOutcome === 'accepted_deferred')).toBe(true);
    expect(byVariant('lacking').length).toBeGreaterThan(0);
    expect(byVariant('lacking').every((s) => s.expectedOutcome === 'notified')).toBe(true);
    // An item with a deferrable required material has a deferred scenario.
    const deferrable = catalog.items.filter((i) => i.materials.some((m) => m.required && m.deferrable));
    for (const item of deferrable) expect(bank.scenario(`${item.code}#deferred`), item.code).toBeDefined();
  });

  it('tells an amount in the story by the label the intake form shows (in 元, no 「（分）」 unit note)', () => {
    const amounts = allScenarios.flatMap((s) => itemOf(s.itemCode).form.filter((f) => f.type === 'amountFen' && s.form[f.key] !== undefined).map((f) => ({ s, f })));
    expect(amounts.length).toBeGreaterThan(0);
    for (const { s, f } of amounts) {
      expect(s.story, s.id).toContain(`${fieldLabel(f)}：${((s.form[f.key] as number) / 100).toFixed(2)}元`);
      expect(s.story, s.id).not.toContain('（分');
    }
  });

  it('is the same on every build (deterministic), and its version follows the catalog', () => {
    const again = buildPracticeBank(catalog);
    expect(catalog.items.flatMap((i) => again.scenarios(i.code))).toEqual(allScenarios);
    expect(again.version).toBe(`${catalog.version}.0`);
  });
});

describe('checking a practice run', () => {
  it('finds no mistake in a correct run of any scenario', () => {
    for (const s of allScenarios) expect(checkAttempt(s, itemOf(s.itemCode), correctAttempt(s)), s.id).toEqual([]);
  });

  const s = bank.scenario('SI-01-01#deferred')!;
  const item = itemOf(s.itemCode);

  it('names a wrong form value by its field', () => {
    const field = item.form.find((f) => s.form[f.key] !== undefined)!;
    const attempt = correctAttempt(s);
    attempt.form[field.key] = typeof s.form[field.key] === 'number' ? 1 : 'X';
    expect(checkAttempt(s, item, attempt)).toEqual([{ kind: 'form', ref: field.key, expected: String(s.form[field.key]), actual: String(attempt.form[field.key]) }]);
  });

  it('names a deferred material marked as received, and the outcome it changes', () => {
    const code = Object.entries(s.materials).find(([, plan]) => plan === 'deferred')![0];
    const attempt = correctAttempt(s);
    attempt.materials = attempt.materials.map((m) => (m.code === code ? { ...m, received: true, deferred: false } : m));
    expect(checkAttempt(s, item, attempt)).toEqual([
      { kind: 'material', ref: code, expected: 'deferred', actual: 'received' },
      { kind: 'outcome', expected: 'accepted_deferred', actual: 'accepted' },
    ]);
  });

  it('stops at the wrong item, and names a wrong applicant and a wrong feedback channel', () => {
    const wrongItem = { ...correctAttempt(s), itemCode: 'SI-01-02', applicantIdNumber: SAMPLE_CARDS.hkmoTw.idNumber };
    expect(checkAttempt(s, item, wrongItem).map((m) => m.kind)).toEqual(['applicant', 'item']);
    const wrongChannel = { ...correctAttempt(s), feedback: { channel: 'courier' as const } };
    expect(checkAttempt(s, item, wrongChannel)).toEqual([{ kind: 'feedback', ref: 'channel', expected: s.feedback.channel, actual: 'courier' }]);
  });
});

describe('knowledge questions', () => {
  const questions = catalog.items.flatMap((i) => bank.questions(i.code));

  it('asks several topics about every item, each question valid with distinct options', () => {
    for (const item of catalog.items) expect(bank.questions(item.code).length, item.code).toBeGreaterThanOrEqual(4);
    for (const q of questions) expect(questionSchema.safeParse(q).success, q.id).toBe(true);
  });

  it("has exactly one option that is a fact of the item's guide", () => {
    const facts = (item: CatalogItem, topic: string): string[] => {
      if (topic === 'materials') return item.materials.map((m) => m.name);
      if (topic === 'conditions') return item.guide.conditions;
      if (topic === 'legalBasis') return item.guide.legalBasis;
      return [];
    };
    for (const q of questions.filter((x) => ['materials', 'conditions', 'legalBasis'].includes(x.topic))) {
      const own = facts(itemOf(q.itemCode), q.topic);
      expect(q.options.filter((o) => own.includes(o)), q.id).toEqual([q.options[q.answer]]);
    }
  });

  it('scores a quiz: all right passes, below the pass share fails and lists the wrong ones', () => {
    const quiz = bank.questions('SI-01-01');
    const right = Object.fromEntries(quiz.map((q) => [q.id, q.answer]));
    expect(scoreQuiz(quiz, right)).toEqual({ total: quiz.length, correct: quiz.length, wrong: [], passed: true });
    const twoWrong = { ...right, [quiz[0]!.id]: (quiz[0]!.answer + 1) % quiz[0]!.options.length };
    delete twoWrong[quiz[1]!.id];
    const result = scoreQuiz(quiz, twoWrong);
    expect(result.wrong).toEqual([quiz[0]!.id, quiz[1]!.id]);
    expect(result.passed).toBe(quiz.length >= 10);
  });
});

describe("the district's own bank file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'onewindow-bank-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };
  const extra: Scenario = { ...bank.scenario('SI-01-01#complete')!, id: 'SI-01-01#x-agent', story: '代办人持委托书前来办理。' };

  it('adds scenarios and questions and moves the version', () => {
    const question = { id: 'SI-01-01?x-local', itemCode: 'SI-01-01', topic: 'district', text: '本网点办理时间？', options: ['8:30', '10:00'], answer: 0 };
    const district = readDistrictBank(write('ok.json', { version: 3, scenarios: [extra], questions: [question] }));
    const extended = buildPracticeBank(catalog, district);
    expect(extended.version).toBe(`${catalog.version}.3`);
    expect(extended.scenario('SI-01-01#x-agent')?.story).toBe(extra.story);
    expect(extended.questions('SI-01-01').map((q) => q.id)).toContain('SI-01-01?x-local');
  });

  it('is refused by name when it names an unknown item, repeats an id or breaks the schema', () => {
    const unknown = readDistrictBank(write('unknown.json', { version: 1, scenarios: [{ ...extra, id: 'SI-09-99#x', itemCode: 'SI-09-99' }] }));
    expect(() => buildPracticeBank(catalog, unknown)).toThrow(/SI-09-99#x names item SI-09-99/);
    const repeated = readDistrictBank(write('repeat.json', { version: 1, scenarios: [{ ...extra, id: 'SI-01-01#complete' }] }));
    expect(() => buildPracticeBank(catalog, repeated)).toThrow(/SI-01-01#complete appears twice/);
    expect(() => readDistrictBank(write('broken.json', { version: 1, scenarios: [{ ...extra, card: 'nobody' }] }))).toThrow(PracticeBankError);
    expect(() => readDistrictBank(write('broken2.json', { version: 1, scenarios: [{ ...extra, card: 'nobody' }] }))).toThrow(/scenarios\.0\.card/);
  });
});
