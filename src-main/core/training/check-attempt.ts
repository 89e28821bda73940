import type { CatalogItem } from '../../contract';
import type { Mistake, PracticeAttempt, Scenario } from '../../contract/training';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { outcomeOf, type MaterialState } from './outcome';
import { planState } from './scenarios';

/**
 * Compares what a teller did with a practice scenario against what the scenario expects, item by item: the right
 * item, the right applicant, every form value, every material's mark, the outcome the marks lead to (the production
 * rule), the feedback channel. An empty list is a clean run.
 */
export function checkAttempt(scenario: Scenario, item: CatalogItem, attempt: PracticeAttempt): Mistake[] {
  const mistakes: Mistake[] = [];
  const cardNumber = SAMPLE_CARDS[scenario.card].idNumber;
  if (attempt.applicantIdNumber.toUpperCase() !== cardNumber) {
    mistakes.push({ kind: 'applicant', expected: cardNumber, actual: attempt.applicantIdNumber });
  }
  if (attempt.itemCode !== scenario.itemCode) {
    // Nothing else can be compared on the wrong item's form.
    mistakes.push({ kind: 'item', expected: scenario.itemCode, actual: attempt.itemCode });
    return mistakes;
  }
  for (const field of item.form) {
    const expected = normalise(scenario.form[field.key]);
    const actual = normalise(attempt.form[field.key]);
    if (expected !== actual) mistakes.push({ kind: 'form', ref: field.key, expected, actual });
  }
  const marks = new Map(attempt.materials.map((m) => [m.code, m]));
  for (const m of item.materials) {
    const expected = planState(scenario.materials[m.code]);
    const mark = marks.get(m.code);
    const actual = stateOfMark(mark);
    if (expected !== actual) mistakes.push({ kind: 'material', ref: m.code, expected, actual });
  }
  const outcome = outcomeOf(item, (code) => stateOfMark(marks.get(code)));
  if (outcome !== scenario.expectedOutcome) mistakes.push({ kind: 'outcome', expected: scenario.expectedOutcome, actual: outcome });
  if (attempt.feedback.channel !== scenario.feedback.channel) {
    mistakes.push({ kind: 'feedback', ref: 'channel', expected: scenario.feedback.channel, actual: attempt.feedback.channel });
  } else if ((scenario.feedback.phone ?? '') !== (attempt.feedback.phone ?? '') && scenario.feedback.phone) {
    mistakes.push({ kind: 'feedback', ref: 'phone', expected: scenario.feedback.phone, actual: attempt.feedback.phone ?? '' });
  }
  return mistakes;
}

function normalise(v: string | number | null | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'number' ? String(v) : v.trim().replace(/\s+/g, '');
}

function stateOfMark(mark: { received: boolean; deferred: boolean } | undefined): MaterialState {
  return mark?.received ? 'received' : mark?.deferred ? 'deferred' : 'none';
}
