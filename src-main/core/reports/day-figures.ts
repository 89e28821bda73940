/**
 * One China day's figures of one terminal, the unit everything else is built from: the report sums days, a
 * figures file carries days, a merge de-duplicates days (terminal, day). Counts and codes only.
 *
 * A day is computed from its cases (≈1,400 rows at most, read through cases_accepted) and cached in report_days;
 * the cache is valid while the day's cases have the same count and newest updated_at (read from the same index,
 * no row visited), so any change to a case of that day (status, informed, withdrawn, resumed) recomputes it; the same
 * holds for the day's citizen ratings (their count and follow-up states, from evaluations_rated), so a follow-up that
 * arrives later recomputes the day.
 */
import type { Db } from '../db/open';
import { chinaDayRange } from '../util/time';
import { ratingGroups } from '../rating/rating-figures';

/** Counter order in a row of counters. `overdue` here counts decisions made after the promised date. */
export const COUNTERS = ['cases', 'accepted', 'deferred', 'refused', 'withdrawn', 'immediate', 'onSpot', 'commitment', 'decided', 'rejected', 'delivered', 'overdue'] as const;
export type CounterName = (typeof COUNTERS)[number];
const C = Object.fromEntries(COUNTERS.map((k, i) => [k, i])) as Record<CounterName, number>;

/** The breakdowns a day keeps: counters by item code, window number, teller id and private line. */
export const DIMENSIONS = ['items', 'windows', 'tellers', 'endpoints'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface DayFigures {
  day: string;
  /** Key (item code, window number, teller id, 'si' | 'tax') → counters in COUNTERS order. */
  items: Record<string, number[]>;
  windows: Record<string, number[]>;
  tellers: Record<string, number[]>;
  endpoints: Record<string, number[]>;
  /** Commitment cases still undecided: [item, window, teller, endpoint, promised date, cases]; overdue once the date has passed. */
  open: [string, string, string, string, string, number][];
  /** [itemCode, materialCode, cases] behind refused / deferred intakes. */
  refused: [string, string, number][];
  deferred: [string, string, number][];
  /** Handling time histogram: [bucket start in seconds (see handlingBucket), cases]. */
  handling: [number, number][];
  /** Errand batches dated that day: [batches, cases handed over, cases received by the back office]. */
  errands: [number, number, number];
  /** Citizen ratings given that day: [itemCode, tellerId, level 1–5, follow-up state ('none' | 'follow_up' | 'rectified'), ratings]. */
  ratings: [string, string, number, RatingFollowUp, number][];
}

export type RatingFollowUp = 'none' | 'follow_up' | 'rectified';

/**
 * The cache format: a cached day whose `newest` does not start with it is recomputed (format 2 added the ratings and
 * the ratings' fingerprint).
 */
const CACHE_FORMAT = 'f2';

export const emptyDay = (day: string): DayFigures => ({ day, items: {}, windows: {}, tellers: {}, endpoints: {}, open: [], refused: [], deferred: [], handling: [], errands: [0, 0, 0], ratings: [] });

/**
 * The histogram bucket of a handling time, by its start in seconds: whole seconds up to a minute, 5 s up to ten
 * minutes, 30 s up to an hour, then 5 minutes. Keeps a day's histogram small; percentiles are given as bucket starts.
 */
export function handlingBucket(ms: number): number {
  const s = Math.floor(ms / 1000);
  const step = s < 60 ? 1 : s < 600 ? 5 : s < 3600 ? 30 : 300;
  return s - (s % step);
}

const DECIDED = new Set(['approved', 'completed', 'rejected']);

/** Every China day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** China date of a UTC instant. */
function chinaDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

interface CaseFigureRow {
  item_code: string;
  window_no: number;
  teller_id: string;
  endpoint: 'si' | 'tax';
  kind: 'immediate' | 'commitment';
  status: string;
  outcome: 'accepted' | 'deferred' | 'refused' | null;
  accepted_offline: number;
  promised_date: string | null;
  decided_at: string | null;
  informed: number;
  handling_ms: number | null;
  reasons: string | null;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Adds one case to its cell (the one place that says what each counter means); true when it stays open. */
function countCase(counters: number[], r: CaseFigureRow): boolean {
  const accepted = r.outcome !== 'refused';
  const decided = DECIDED.has(r.status);
  counters[C.cases]! += 1;
  if (!accepted) {
    counters[C.refused]! += 1;
    return false;
  }
  counters[C.accepted]! += 1;
  if (r.outcome === 'deferred') counters[C.deferred]! += 1;
  if (r.status === 'withdrawn') counters[C.withdrawn]! += 1;
  if (r.kind === 'immediate') {
    counters[C.immediate]! += 1;
    if (r.status === 'completed' && r.accepted_offline === 0) counters[C.onSpot]! += 1;
    return false;
  }
  counters[C.commitment]! += 1;
  if (decided) counters[C.decided]! += 1;
  if (r.status === 'rejected') counters[C.rejected]! += 1;
  if (r.informed) counters[C.delivered]! += 1;
  if (decided && r.promised_date && r.decided_at && chinaDateOf(r.decided_at) > r.promised_date) counters[C.overdue]! += 1;
  // Still open against a promised date: overdue or not is decided on the day the report is made.
  return !decided && r.status !== 'withdrawn' && r.promised_date !== null;
}

export function createDayFigures(db: Db) {
  const caseRows = db.prepare<[string, string, number], CaseFigureRow>(
    `SELECT item_code, window_no, teller_id, endpoint, kind, status, outcome, accepted_offline, promised_date, decided_at,
       informed_at IS NOT NULL AS informed, handling_ms, reasons
     FROM cases INDEXED BY cases_accepted WHERE accepted_at >= ? AND accepted_at < ? AND training = ?`,
  );
  const fingerprint = db.prepare<[string, string], { n: number; newest: string | null }>(
    'SELECT COUNT(*) AS n, MAX(updated_at) AS newest FROM cases INDEXED BY cases_accepted WHERE accepted_at >= ? AND accepted_at < ?',
  );
  // Ratings of the day, live and training: their count and follow-up states, so a later follow-up recomputes the day.
  const ratingPrint = db.prepare<[string, string], { n: number; followUp: number; rectified: number }>(
    `SELECT COUNT(*) AS n, COALESCE(SUM(follow_up = 'follow_up'), 0) AS followUp, COALESCE(SUM(follow_up = 'rectified'), 0) AS rectified
     FROM evaluations INDEXED BY evaluations_rated WHERE rated_at >= ? AND rated_at < ?`,
  );
  /** The day's freshness key: cases' count and newest change, ratings' count and follow-up states, the cache format. */
  function freshness(day: string): { n: number; newest: string } {
    const [start, end] = chinaDayRange(day);
    const c = fingerprint.get(start, end)!;
    const r = ratingPrint.get(start, end)!;
    return { n: c.n + r.n, newest: `${CACHE_FORMAT}|${c.newest ?? ''}|${r.n}|${r.followUp}|${r.rectified}` };
  }
  const cached = db.prepare<[string, string, number], { day: string; cases_n: number; newest: string | null; figures: string }>(
    'SELECT day, cases_n, newest, figures FROM report_days WHERE day >= ? AND day <= ? AND training = ?',
  );
  const store = db.prepare('INSERT OR REPLACE INTO report_days (day, training, cases_n, newest, figures) VALUES (?, ?, ?, ?, ?)');
  // Errand batches belong to the terminal's mode as a whole (a training terminal hands over training batches).
  const errandRows = db.prepare<[string, string], { date: string; batches: number; handed: number; received: number }>(
    `SELECT b.date AS date, COUNT(DISTINCT b.id) AS batches, COUNT(bc.case_id) AS handed,
       COALESCE(SUM(b.state = 'received' AND bc.case_id IS NOT NULL), 0) AS received
     FROM errand_batches b LEFT JOIN errand_batch_cases bc ON bc.batch_id = b.id
     WHERE b.date >= ? AND b.date <= ? GROUP BY b.date`,
  );

  /** Computes one day from its cases (errands are added by `days`, they are dated by their batch). */
  function compute(day: string, training: number): DayFigures {
    const [start, end] = chinaDayRange(day);
    const d = emptyDay(day);
    const open = new Map<string, number>();
    const refused = new Map<string, number>();
    const deferred = new Map<string, number>();
    const handling = new Map<number, number>();
    const delta = COUNTERS.map(() => 0);
    for (const r of caseRows.iterate(start, end, training)) {
      delta.fill(0);
      const stillOpen = countCase(delta, r);
      const keys = [r.item_code, String(r.window_no), r.teller_id, r.endpoint];
      DIMENSIONS.forEach((dim, i) => {
        const row = (d[dim][keys[i]!] ??= COUNTERS.map(() => 0));
        for (let k = 0; k < delta.length; k++) row[k]! += delta[k]!;
      });
      if (stillOpen) bump(open, `${keys.join('|')}|${r.promised_date}`);
      if (r.reasons && r.outcome !== 'accepted') for (const code of r.reasons.split(',')) bump(r.outcome === 'refused' ? refused : deferred, `${r.item_code}|${code}`);
      if (r.handling_ms !== null) {
        const s = handlingBucket(r.handling_ms);
        handling.set(s, (handling.get(s) ?? 0) + 1);
      }
    }
    const pairs = (m: Map<string, number>) => [...m].map(([k, v]) => [...(k.split('|') as [string, string]), v] as [string, string, number]);
    d.open = [...open].map(([k, v]) => [...(k.split('|') as [string, string, string, string, string]), v]);
    d.refused = pairs(refused);
    d.deferred = pairs(deferred);
    d.handling = [...handling].sort((a, b) => a[0] - b[0]);
    d.ratings = ratingGroups(db, { start, end, training }).map((g) => [g.itemCode, g.tellerId, g.level, g.followUp ?? 'none', g.n]);
    return d;
  }

  /** The days of [from, to] for this terminal's live or training cases: cached where still valid, else computed and cached. */
  function days(from: string, to: string, training: boolean): DayFigures[] {
    const mode = training ? 1 : 0;
    const have = new Map(cached.all(from, to, mode).map((r) => [r.day, r]));
    const out: DayFigures[] = [];
    const toStore: [string, number, number, string | null, string][] = [];
    for (const day of daysOf(from, to)) {
      const fp = freshness(day);
      if (fp.n === 0) continue;
      const hit = have.get(day);
      if (hit && hit.cases_n === fp.n && hit.newest === fp.newest) {
        out.push(JSON.parse(hit.figures) as DayFigures);
        continue;
      }
      const figures = compute(day, mode);
      toStore.push([day, mode, fp.n, fp.newest, JSON.stringify(figures)]);
      if (Object.keys(figures.endpoints).length > 0 || figures.ratings.length > 0) out.push(figures);
    }
    if (toStore.length > 0) db.transaction(() => toStore.forEach((r) => store.run(...r)))();
    const byDay = new Map(out.map((d) => [d.day, d]));
    for (const e of errandRows.all(from, to)) {
      let d = byDay.get(e.date);
      if (!d) {
        d = emptyDay(e.date);
        byDay.set(e.date, d);
        out.push(d);
      }
      d.errands = [e.batches, e.handed, e.received];
    }
    return out.sort((a, b) => a.day.localeCompare(b.day));
  }

  /**
   * Makes sure one day's cached figures are current (computed and stored if missing or stale): the background
   * warm-up, so that the first report of a period reads the cache. True when the day was computed.
   */
  function warm(day: string, training: boolean): boolean {
    const mode = training ? 1 : 0;
    const fp = freshness(day);
    if (fp.n === 0) return false;
    const hit = cached.get(day, day, mode);
    if (hit && hit.cases_n === fp.n && hit.newest === fp.newest) return false;
    store.run(day, mode, fp.n, fp.newest, JSON.stringify(compute(day, mode)));
    return true;
  }

  return { compute, days, warm };
}
export type DayFiguresSource = ReturnType<typeof createDayFigures>;
