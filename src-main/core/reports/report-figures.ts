/**
 * The report: terminals' day figures summed over a period, one function per figure block. A new block (e.g. the
 * citizen ratings) adds its function to FIGURE_BLOCKS and its field to reportFiguresSchema; nothing else changes.
 */
import type { ReportCounters, ReportFigures } from '../../contract/reports';
import { countRatings } from '../rating/rating-figures';
import { COUNTERS, DIMENSIONS, daysOf, type DayFigures, type Dimension } from './day-figures';

/** One terminal's days (from its own database or from a verified figures file). */
export interface TerminalDays {
  terminalId: string;
  branchCode: string;
  days: DayFigures[];
}

/** Names for codes: the catalog of this terminal (the figures carry codes only). */
export interface ReportNames {
  item(code: string): { name: string; mainCode: string; material(code: string): string | undefined } | undefined;
  mainName(code: string): string | undefined;
}

export interface ReportInput {
  period: { from: string; to: string };
  asOf: string;
  training: boolean;
  terminals: TerminalDays[];
  names: ReportNames;
}

const OVERDUE = COUNTERS.indexOf('overdue');
const toCounters = (row: number[]): ReportCounters => Object.fromEntries(COUNTERS.map((k, i) => [k, row[i] ?? 0])) as ReportCounters;
const zero = (): ReportCounters => toCounters([]);

type Sums = Map<string, number[]>;
function add(into: Sums, key: string, row: readonly number[]): void {
  let sum = into.get(key);
  if (!sum) into.set(key, (sum = COUNTERS.map(() => 0)));
  for (let i = 0; i < row.length; i++) sum[i]! += row[i]!;
}

/** Every breakdown summed in one pass over the days; open cases past their promised date count as overdue. */
interface Sums4 {
  total: Sums;
  days: Sums;
  items: Sums;
  windows: Sums;
  tellers: Sums;
  endpoints: Sums;
}

function sumDays(input: ReportInput, multiBranch: boolean): Sums4 {
  const s: Sums4 = { total: new Map(), days: new Map(), items: new Map(), windows: new Map(), tellers: new Map(), endpoints: new Map() };
  const late = COUNTERS.map(() => 0);
  for (const terminal of input.terminals) {
    const dimKey: Record<Dimension, (k: string) => string> = {
      items: (k) => k,
      windows: (k) => (multiBranch ? `${terminal.branchCode} ${k}` : k),
      tellers: (k) => k,
      endpoints: (k) => k,
    };
    for (const d of terminal.days) {
      if (d.day < input.period.from || d.day > input.period.to) continue;
      for (const dim of DIMENSIONS) for (const [k, row] of Object.entries(d[dim])) add(s[dim], dimKey[dim](k), row);
      for (const row of Object.values(d.endpoints)) {
        add(s.days, d.day, row);
        add(s.total, 'all', row);
      }
      for (const [item, window, teller, endpoint, date, n] of d.open) {
        if (date >= input.asOf) continue;
        late[OVERDUE] = n;
        add(s.items, item, late);
        add(s.windows, dimKey.windows(window), late);
        add(s.tellers, teller, late);
        add(s.endpoints, endpoint, late);
        add(s.days, d.day, late);
        add(s.total, 'all', late);
      }
    }
  }
  return s;
}

const byCasesDesc = <T extends { cases: number }>(rows: T[], tie: (r: T) => string) => rows.sort((a, b) => b.cases - a.cases || tie(a).localeCompare(tie(b)));
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

interface Ctx {
  input: ReportInput;
  sums: Sums4;
  total: ReportCounters;
}

function totalsBlock({ total: t }: Ctx): Pick<ReportFigures, 'totals'> {
  return { totals: { ...t, immediateShare: share(t.immediate, t.accepted), onSpotShare: share(t.onSpot, t.immediate) } };
}

function trendBlock({ sums, input }: Ctx): Pick<ReportFigures, 'trend'> {
  return { trend: daysOf(input.period.from, input.period.to).map((day) => ({ day, ...toCounters(sums.days.get(day) ?? []) })) };
}

function itemBlocks({ sums, input }: Ctx): Pick<ReportFigures, 'byItem' | 'byMain'> {
  const mains: Sums = new Map();
  const items = [...sums.items].map(([itemCode, row]) => {
    const item = input.names.item(itemCode);
    const mainCode = item?.mainCode ?? itemCode.split('-').slice(0, 2).join('-');
    add(mains, mainCode, row);
    return { itemCode, itemName: item?.name ?? itemCode, mainCode, ...toCounters(row) };
  });
  return {
    byItem: byCasesDesc(items, (r) => r.itemCode),
    byMain: byCasesDesc(
      [...mains].map(([mainCode, row]) => ({ mainCode, mainName: input.names.mainName(mainCode) ?? mainCode, ...toCounters(row) })),
      (r) => r.mainCode,
    ),
  };
}

function windowBlock({ sums }: Ctx): Pick<ReportFigures, 'byWindow'> {
  const byWindow = [...sums.windows].map(([window, row]) => {
    const [branchCode, windowNo] = window.includes(' ') ? window.split(' ') : [null, window];
    return { window, windowNo: Number(windowNo), branchCode, ...toCounters(row) };
  });
  return { byWindow: byWindow.sort((a, b) => a.window.localeCompare(b.window, 'en', { numeric: true })) };
}

function tellerBlock({ sums }: Ctx): Pick<ReportFigures, 'byTeller'> {
  return { byTeller: byCasesDesc([...sums.tellers].map(([tellerId, row]) => ({ tellerId, ...toCounters(row) })), (r) => r.tellerId) };
}

function endpointBlock({ sums }: Ctx): Pick<ReportFigures, 'byEndpoint'> {
  return { byEndpoint: (['si', 'tax'] as const).map((endpoint) => ({ endpoint, ...toCounters(sums.endpoints.get(endpoint) ?? []) })) };
}

function daysInPeriod(input: ReportInput): { terminal: TerminalDays; day: DayFigures }[] {
  return input.terminals.flatMap((terminal) => terminal.days.filter((d) => d.day >= input.period.from && d.day <= input.period.to).map((day) => ({ terminal, day })));
}

function topReasons(input: ReportInput, pick: (d: DayFigures) => [string, string, number][]) {
  const counts = new Map<string, number>();
  for (const { day } of daysInPeriod(input)) for (const [item, material, n] of pick(day)) counts.set(`${item}|${material}`, (counts.get(`${item}|${material}`) ?? 0) + n);
  return byCasesDesc(
    [...counts].map(([k, cases]) => {
      const [itemCode, materialCode] = k.split('|') as [string, string];
      return { itemCode, materialCode, materialName: input.names.item(itemCode)?.material(materialCode) ?? materialCode, cases };
    }),
    (r) => `${r.itemCode}|${r.materialCode}`,
  ).slice(0, 10);
}

function outcomesBlock(ctx: Ctx): Pick<ReportFigures, 'outcomes'> {
  const t = ctx.total;
  return {
    outcomes: {
      accepted: t.accepted,
      deferred: t.deferred,
      refused: t.refused,
      topRefused: topReasons(ctx.input, (d) => d.refused),
      topDeferred: topReasons(ctx.input, (d) => d.deferred),
    },
  };
}

function errandsBlock(ctx: Ctx): Pick<ReportFigures, 'errands'> {
  const t = ctx.total;
  const e = [0, 0, 0];
  for (const { day } of daysInPeriod(ctx.input)) day.errands.forEach((v, i) => (e[i]! += v));
  return { errands: { batches: e[0]!, handedOver: e[1]!, received: e[2]!, decided: t.decided, rejected: t.rejected, delivered: t.delivered, overdue: t.overdue } };
}

/** Nearest-rank percentile over a histogram of whole seconds. */
export function percentile(hist: Map<number, number>, p: number): number | null {
  const total = [...hist.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (const [s, n] of [...hist].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= rank) return s;
  }
  return null;
}

function handlingBlock(ctx: Ctx): Pick<ReportFigures, 'handling'> {
  const hist = new Map<number, number>();
  for (const { day } of daysInPeriod(ctx.input)) for (const [s, n] of day.handling) hist.set(s, (hist.get(s) ?? 0) + n);
  return { handling: { measured: [...hist.values()].reduce((a, b) => a + b, 0), medianS: percentile(hist, 0.5), p90S: percentile(hist, 0.9) } };
}

/** The period's ratings, from every terminal's days, counted by the rating module's own counting. */
function ratingsBlock(ctx: Ctx): Pick<ReportFigures, 'ratings'> {
  const groups = daysInPeriod(ctx.input).flatMap(({ day }) =>
    day.ratings.map(([itemCode, tellerId, level, followUp, n]) => ({ itemCode, tellerId, level: level as 1 | 2 | 3 | 4 | 5, followUp: followUp === 'none' ? null : followUp, n })),
  );
  const { all, perItem, perTeller } = countRatings(groups);
  return { ratings: { ...all, perItem: perItem.map((r) => ({ ...r, itemName: ctx.input.names.item(r.itemCode)?.name ?? r.itemCode })), perTeller } };
}

/** Every block of the report, in order. */
export const FIGURE_BLOCKS = [totalsBlock, trendBlock, itemBlocks, windowBlock, tellerBlock, endpointBlock, outcomesBlock, errandsBlock, handlingBlock, ratingsBlock];

export function reportFigures(input: ReportInput): ReportFigures {
  const sums = sumDays(input, new Set(input.terminals.map((t) => t.branchCode)).size > 1);
  const ctx: Ctx = { input, sums, total: sums.total.has('all') ? toCounters(sums.total.get('all')!) : zero() };
  const head = {
    period: input.period,
    asOf: input.asOf,
    training: input.training,
    terminals: input.terminals.map((t) => ({ terminalId: t.terminalId, branchCode: t.branchCode, days: t.days.filter((d) => d.day >= input.period.from && d.day <= input.period.to).length })),
  };
  return Object.assign(head, ...FIGURE_BLOCKS.map((block) => block(ctx))) as ReportFigures;
}
