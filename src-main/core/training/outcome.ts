import type { CatalogItem } from '../../contract';
import { intakeOutcome } from '../cases/case-body';

/** How a material stands at the end of an intake. */
export type MaterialState = 'received' | 'deferred' | 'none';

/** The outcome an intake with these material states ends in: the production rule itself (`intakeOutcome`). */
export function outcomeOf(item: CatalogItem, stateOf: (code: string) => MaterialState) {
  return intakeOutcome(
    item,
    item.materials.map((m) => ({
      code: m.code,
      name: m.name,
      original: m.originals,
      copies: m.copies,
      received: stateOf(m.code) === 'received',
      deferred: stateOf(m.code) === 'deferred',
    })),
  ).outcome;
}
