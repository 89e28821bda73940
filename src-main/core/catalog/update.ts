/**
 * Catalog updates from the private line (`GET /v1/catalog?since=VERSION` → `{version, items, calendar?}`).
 *
 * The shipped catalog is the base. Each update is validated in full first — every changed item against the
 * schema and cross checks, then the whole catalog it would produce (still exactly 32/119, unique codes) —
 * and only then written, in one SQLite transaction with its record and an audit entry. A corrupted update is
 * refused with a CatalogError and changes nothing. Item revisions are kept, so getItem(code, version)
 * returns the item a case was accepted under even after later updates.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Catalog, CatalogItem, CatalogMainItem } from '../../contract/catalog';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import { nowIso } from '../util/time';
import { createWorkCalendar, validateCalendar, type CalendarData, type WorkCalendar } from './calendar';
import { CatalogError, validateCatalog, validateItem } from './load';

const payloadSchema = z.object({
  version: z.number().int().min(1),
  items: z.array(z.unknown()),
  /** Extension: a replacement working-day calendar travels with the catalog. */
  calendar: z.unknown().optional(),
});

export interface ApplyResult {
  /** False when the payload was not newer than what the terminal has (nothing to do). */
  applied: boolean;
  version: number;
  itemCodes: string[];
  calendarVersion: number | null;
}

export interface CatalogStore {
  /** Current catalog version (base or the newest applied update). */
  version(): number;
  /** The effective catalog: for each code the newest revision. */
  current(): Catalog;
  /**
   * One item. Without `version` the current revision; with it, the revision with exactly that item version
   * (what a case was accepted under), else the newest one not newer than it.
   */
  getItem(code: string, version?: number): CatalogItem | undefined;
  /** The effective working-day calendar (newest received, else the shipped one). */
  calendar(): WorkCalendar;
  /** True when the endpoint announces a newer catalog (health's catalogVersion). */
  needsUpdate(endpointCatalogVersion: number): boolean;
  /** Applies an update payload atomically; throws CatalogError (nothing changed) when it is corrupted. */
  apply(payload: unknown, source?: string): ApplyResult;
  /** Applied updates, oldest first. */
  history(): { version: number; fromVersion: number; itemCodes: string[]; calendarVersion: number | null; appliedAt: string }[];
}

interface RevisionRow {
  code: string;
  version: number;
  item_json: string;
}

export function createCatalogStore(db: Db, base: Catalog, baseCalendar: CalendarData, clock: () => number = Date.now): CatalogStore {
  const mainItems: ReadonlyMap<string, CatalogMainItem> = new Map(base.mainItems.map((m) => [m.code, m]));
  const baseItems = new Map(base.items.map((i) => [i.code, i]));

  const audit = createAuditWriter(db);
  const stmt = {
    maxVersion: db.prepare('SELECT MAX(version) AS v FROM catalog_versions'),
    latestRevisions: db.prepare(
      `SELECT r.code, r.version, r.item_json FROM catalog_item_revisions r
       WHERE r.version = (SELECT MAX(version) FROM catalog_item_revisions WHERE code = r.code)`,
    ),
    revisionsOf: db.prepare('SELECT code, version, item_json FROM catalog_item_revisions WHERE code = ? ORDER BY version'),
    latestCalendar: db.prepare('SELECT calendar_json FROM catalog_calendars ORDER BY version DESC LIMIT 1'),
    insertVersion: db.prepare(
      'INSERT INTO catalog_versions (version, from_version, item_codes, calendar_version, sha256, applied_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertRevision: db.prepare('INSERT INTO catalog_item_revisions (code, version, catalog_version, item_json) VALUES (?, ?, ?, ?)'),
    insertCalendar: db.prepare('INSERT INTO catalog_calendars (version, catalog_version, calendar_json) VALUES (?, ?, ?)'),
    history: db.prepare('SELECT version, from_version, item_codes, calendar_version, applied_at FROM catalog_versions ORDER BY version'),
  };

  let cached: { catalog: Catalog; calendar: WorkCalendar } | null = null;

  function version(): number {
    const v = (stmt.maxVersion.get() as { v: number | null }).v;
    return Math.max(base.version, v ?? 0);
  }

  function build(): { catalog: Catalog; calendar: WorkCalendar } {
    const items = new Map(baseItems);
    for (const row of stmt.latestRevisions.all() as RevisionRow[]) {
      const have = items.get(row.code);
      if (!have || row.version > have.version) items.set(row.code, JSON.parse(row.item_json) as CatalogItem);
    }
    const catalog: Catalog = { version: version(), mainItems: base.mainItems, items: base.items.map((i) => items.get(i.code)!), evaluationReasons: base.evaluationReasons };
    const row = stmt.latestCalendar.get() as { calendar_json: string } | undefined;
    const stored = row ? (JSON.parse(row.calendar_json) as CalendarData) : null;
    const calendarData = stored && stored.version > baseCalendar.version ? stored : baseCalendar;
    return { catalog, calendar: createWorkCalendar(calendarData) };
  }

  function state() {
    cached ??= build();
    return cached;
  }

  function getItem(code: string, wanted?: number): CatalogItem | undefined {
    if (wanted === undefined) return state().catalog.items.find((i) => i.code === code);
    const candidates: CatalogItem[] = (stmt.revisionsOf.all(code) as RevisionRow[]).map((r) => JSON.parse(r.item_json) as CatalogItem);
    const b = baseItems.get(code);
    if (b) candidates.push(b);
    let best: CatalogItem | undefined;
    for (const c of candidates) {
      if (c.version === wanted) return c;
      if (c.version < wanted && (!best || c.version > best.version)) best = c;
    }
    return best;
  }

  function apply(payload: unknown, source = 'GET /v1/catalog'): ApplyResult {
    const parsed = payloadSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CatalogError(issue.path.join('.') || '(root)', issue.message, source);
    }
    const { version: target, items: rawItems, calendar: rawCalendar } = parsed.data;
    const from = version();
    if (target <= from) return { applied: false, version: from, itemCodes: [], calendarVersion: null };

    // 1. Every changed item on its own.
    const changed: CatalogItem[] = [];
    const codes = new Set<string>();
    for (const [i, raw] of rawItems.entries()) {
      const code = raw && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'string' ? ` (${(raw as { code: string }).code})` : '';
      const item = validateItem(raw, mainItems, `items[${i}]${code}`, source);
      if (!baseItems.has(item.code)) throw new CatalogError(`items[${i}] (${item.code}).code`, 'not an item of this catalog (32/119 are fixed)', source);
      if (codes.has(item.code)) throw new CatalogError(`items[${i}] (${item.code}).code`, 'item listed twice in one update', source);
      const current = getItem(item.code)!;
      if (item.version <= current.version || item.version > target) {
        throw new CatalogError(`items[${i}] (${item.code}).version`, `item version must be newer than ${current.version} and at most ${target}`, source);
      }
      codes.add(item.code);
      changed.push(item);
    }
    // 2. The catalog it would produce.
    const next = new Map(state().catalog.items.map((i) => [i.code, i]));
    for (const item of changed) next.set(item.code, item);
    validateCatalog({ version: target, mainItems: base.mainItems, items: base.items.map((i) => next.get(i.code)!), evaluationReasons: base.evaluationReasons }, source);
    // 3. The calendar, when one travels with the update.
    let calendar: CalendarData | null = null;
    if (rawCalendar !== undefined) {
      try {
        calendar = validateCalendar(rawCalendar, source);
      } catch (err) {
        throw new CatalogError('calendar', (err as Error).message, source);
      }
      if (calendar.version <= state().calendar.version) throw new CatalogError('calendar.version', `must be newer than ${state().calendar.version}`, source);
    }

    const sha = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
    const at = nowIso(clock);
    db.transaction(() => {
      stmt.insertVersion.run(target, from, JSON.stringify([...codes]), calendar?.version ?? null, sha, at);
      for (const item of changed) stmt.insertRevision.run(item.code, item.version, target, JSON.stringify(item));
      if (calendar) stmt.insertCalendar.run(calendar.version, target, JSON.stringify(calendar));
      audit({ at, actor: 'system', action: 'catalog.update', detail: { from, to: target, items: [...codes], calendarVersion: calendar?.version ?? null } });
    })();
    cached = null;
    return { applied: true, version: target, itemCodes: [...codes], calendarVersion: calendar?.version ?? null };
  }

  return {
    version,
    current: () => state().catalog,
    getItem,
    calendar: () => state().calendar,
    needsUpdate: (endpointVersion) => endpointVersion > version(),
    apply,
    history: () =>
      (stmt.history.all() as { version: number; from_version: number; item_codes: string; calendar_version: number | null; applied_at: string }[]).map((r) => ({
        version: r.version,
        fromVersion: r.from_version,
        itemCodes: JSON.parse(r.item_codes) as string[],
        calendarVersion: r.calendar_version,
        appliedAt: r.applied_at,
      })),
  };
}
