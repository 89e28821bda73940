/**
 * The catalog as the rest of the core uses it: the shipped base plus applied updates (SQLite), the search
 * index (rebuilt after each update), the working-day calendar and promised dates.
 *
 * Its getItem/version/promisedDate fit the case service's ItemSource; a case stores `item.version` and can
 * later read the same revision back with getItem(code, version).
 */
import type { CatalogItem, CatalogMainItem, EvaluationReason, ItemHit } from '../../contract/catalog';
import type { CatalogSearchIndex } from '../../contract/catalog-search';
import type { Db } from '../db/open';
import { calendarCoverage, loadCalendarData, promisedDate, type CoverageWarning, type PromisedDate } from './calendar';
import { loadCatalog } from './load';
import { createCatalogSearch, type CatalogSearch } from './search';
import { createCatalogStore, type ApplyResult } from './update';

export interface CatalogServiceOptions {
  db: Db;
  /** Shipped catalog file (default: data/catalog.json). */
  catalogFile?: string;
  /** Shipped calendar file (default: data/calendar.json). */
  calendarFile?: string;
  clock?: () => number;
}

export interface CatalogService {
  version(): number;
  mainItems(): readonly CatalogMainItem[];
  items(): readonly CatalogItem[];
  /** Reasons of bad ratings (好差评). */
  evaluationReasons(): readonly EvaluationReason[];
  getItem(code: string, version?: number): CatalogItem | undefined;
  search(query: string, limit?: number): ItemHit[];
  /** The search index of the current catalog version (the renderer searches it itself, key by key). */
  searchIndex(): CatalogSearchIndex;
  /** Promised date (YYYY-MM-DD) for commitment items, null for immediate ones. */
  promisedDate(item: CatalogItem, acceptedDate: string): string | null;
  /** The same with the provisional flag (the count ran through a year without a published arrangement). */
  promisedDateDetail(item: CatalogItem, acceptedDate: string): PromisedDate;
  /** Warnings for support when the current or coming year's calendar is missing or provisional. */
  calendarWarnings(today: string): CoverageWarning[];
  needsUpdate(endpointCatalogVersion: number): boolean;
  /** Builds the search index now if it is not built yet. */
  warmSearch(): void;
  /** Applies a `GET /v1/catalog` result atomically (CatalogError, nothing changed, when corrupted). */
  applyUpdate(payload: unknown): ApplyResult;
}

export function createCatalogService(opts: CatalogServiceOptions): CatalogService {
  const store = createCatalogStore(opts.db, loadCatalog(opts.catalogFile), loadCalendarData(opts.calendarFile), opts.clock);
  // Built on first use (or by warmSearch once the core is up): building it takes a few hundred ms of CPU that a
  // core restarted after a crash should spend on sending its queue first.
  let search: CatalogSearch | null = null;
  const searchIndex = () => (search ??= createCatalogSearch(store.current()));

  const detail = (item: CatalogItem, acceptedDate: string) => promisedDate(acceptedDate, item.guide.promisedLimit, store.calendar());

  return {
    version: () => store.version(),
    mainItems: () => store.current().mainItems,
    items: () => store.current().items,
    evaluationReasons: () => store.current().evaluationReasons,
    getItem: (code, version) => store.getItem(code, version),
    search: (query, limit) => searchIndex().search(query, limit),
    searchIndex: () => searchIndex().index(),
    warmSearch: () => void searchIndex(),
    promisedDate: (item, acceptedDate) => (item.kind === 'immediate' ? null : detail(item, acceptedDate).date),
    promisedDateDetail: detail,
    calendarWarnings: (today) => calendarCoverage(store.calendar(), today),
    needsUpdate: (v) => store.needsUpdate(v),
    applyUpdate(payload) {
      const result = store.apply(payload);
      if (result.applied) search = null;
      return result;
    },
  };
}
