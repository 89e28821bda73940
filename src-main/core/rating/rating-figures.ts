import type { Db } from '../db/open';
import { chinaDayRange } from '../util/time';

/** Counts of one group of ratings (the whole period, one item, one teller). */
export interface RatingCounts {
  total: number;
  /** Ratings per level: 5 非常满意 … 1 非常不满意. */
  byLevel: Record<1 | 2 | 3 | 4 | 5, number>;
  /** 非常满意 + 满意 + 基本满意 (levels 3–5), the numerator of the 好差评 satisfaction rate. */
  satisfied: number;
  /** satisfied / total; null without ratings. */
  satisfactionRate: number | null;
  /** Bad ratings (levels 1–2) and how far their follow-up got. */
  bad: { total: number; awaitingFollowUp: number; followUp: number; rectified: number };
}

export interface RatingFigures extends RatingCounts {
  /** China calendar dates, both inclusive. */
  from: string;
  to: string;
  /** To-dos from follow-ups of the period's bad ratings that the teller has not closed yet. */
  openTodos: number;
  perItem: (RatingCounts & { itemCode: string })[];
  perTeller: (RatingCounts & { tellerId: string })[];
}

export interface RatingGroup {
  itemCode: string;
  tellerId: string;
  level: 1 | 2 | 3 | 4 | 5;
  followUp: 'follow_up' | 'rectified' | null;
  n: number;
}

function emptyCounts(): RatingCounts {
  return { total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }, satisfied: 0, satisfactionRate: null, bad: { total: 0, awaitingFollowUp: 0, followUp: 0, rectified: 0 } };
}

function add(c: RatingCounts, g: RatingGroup): void {
  c.total += g.n;
  c.byLevel[g.level] += g.n;
  if (g.level >= 3) c.satisfied += g.n;
  else {
    c.bad.total += g.n;
    if (g.followUp === null) c.bad.awaitingFollowUp += g.n;
    else if (g.followUp === 'follow_up') c.bad.followUp += g.n;
    else c.bad.rectified += g.n;
  }
  c.satisfactionRate = c.satisfied / c.total;
}


/** Ratings given in [start, end) (UTC instants) of live (0) or training (1) cases, grouped by item, teller, level and follow-up state. */
export function ratingGroups(db: Db, range: { start: string; end: string; training: number }): RatingGroup[] {
  return db
    .prepare<typeof range, RatingGroup>(
      `SELECT item_code AS itemCode, teller_id AS tellerId, level, follow_up AS followUp, COUNT(*) AS n
       FROM evaluations INDEXED BY evaluations_rated
       WHERE rated_at >= @start AND rated_at < @end AND training = @training
       GROUP BY item_code, teller_id, level, follow_up`,
    )
    .all(range);
}

/** Sums rating groups (one query's rows, or many days' rows) into the whole, per item and per teller: the one place that counts ratings. */
export function countRatings(groups: Iterable<RatingGroup>): { all: RatingCounts; perItem: RatingFigures['perItem']; perTeller: RatingFigures['perTeller'] } {
  const all = emptyCounts();
  const items = new Map<string, RatingCounts>();
  const tellers = new Map<string, RatingCounts>();
  for (const g of groups) {
    add(all, g);
    for (const [map, key] of [[items, g.itemCode], [tellers, g.tellerId]] as const) {
      let c = map.get(key);
      if (!c) map.set(key, (c = emptyCounts()));
      add(c, g);
    }
  }
  const byTotal = <T extends RatingCounts>(a: T & { key: string }, b: T & { key: string }) => b.total - a.total || (a.key < b.key ? -1 : 1);
  return {
    all,
    perItem: [...items].map(([key, c]) => ({ key, ...c })).sort(byTotal).map(({ key, ...c }) => ({ itemCode: key, ...c })),
    perTeller: [...tellers].map(([key, c]) => ({ key, ...c })).sort(byTotal).map(({ key, ...c }) => ({ tellerId: key, ...c })),
  };
}

/**
 * The citizen ratings (好差评) of a period for reports: satisfaction rate, counts per level, bad ratings and the state
 * of their follow-up, per item and per teller. `from` and `to` are China calendar dates, both inclusive; ratings
 * count by when they were given. Practice (training) ratings count only on a training terminal, like cases.
 * Counts and codes only: no personal data.
 */
export function ratingFigures(db: Db, period: { from: string; to: string }, opts: { training: boolean }): RatingFigures {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period.from) || !/^\d{4}-\d{2}-\d{2}$/.test(period.to) || period.from > period.to) {
    throw new RangeError(`ratingFigures: not a period of China dates: ${period.from} – ${period.to}`);
  }
  const range = { start: chinaDayRange(period.from)[0], end: chinaDayRange(period.to)[1], training: opts.training ? 1 : 0 };
  const openTodos = db
    .prepare<typeof range, { n: number }>(
      `SELECT COUNT(*) AS n FROM evaluation_todos t JOIN evaluations e ON e.id = t.evaluation_id
       WHERE t.done_at IS NULL AND e.rated_at >= @start AND e.rated_at < @end AND e.training = @training`,
    )
    .get(range)!.n;
  const { all, perItem, perTeller } = countRatings(ratingGroups(db, range));
  return { from: period.from, to: period.to, ...all, openTodos, perItem, perTeller };
}
