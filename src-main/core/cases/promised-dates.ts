import type { CatalogItem } from '../../contract';

/**
 * Promised dates for commitment items. Until the working-day calendar module is wired in, no local promise is
 * made: the bureau's answer carries the promised date (contract: `promisedDate`).
 */
export function createPromisedDates() {
  return {
    promisedDate(_item: CatalogItem, _acceptedDate: string): string | null {
      return null;
    },
  };
}
