/**
 * The report: terminals' day figures summed over a period, one function per figure block. A new block (e.g. the
 * citizen ratings) adds its function to FIGURE_BLOCKS and its field to reportFiguresSchema; nothing else changes.
 */
import type { ReportCounters, ReportFigures } from '../../contract/reports';
import { COUNTERS, type Cell, type DayFigures } from './day-figures';

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

const zero = (): ReportCounters => Object.fromEntries(COUNTERS.map((k) => [k, 0])) as ReportCounters;

function addCell(into: ReportCounters, cell: Cell): void {
  COUNTERS.forEach((k, i) => (into[k] += cell[4 + i] as number));
}

/** A flat view of every cell with its day and terminal, and live overdue added for cases still open past their date. */
interface Tagged {
  day: string;
  terminal: TerminalDays;
  cell: Cell;
  /** Open cases of this cell whose promised date is before asOf. */
  openOverdue: number;
}

function tagged(input: ReportInput): Tagged[] {
  const out: Tagged[] = [];
  for (const terminal of input.terminals) {
    for (const d of terminal.days) {
      if (d.day < input.period.from || d.day > input.period.to) continue;
      const late = new Map<number, number>();
      for (const [i, date, n] of d.open) if (date < input.asOf) late.set(i, (late.get(i) ?? 0) + n);
      d.cells.forEach((cell, i) => out.push({ day: d.day, terminal, cell, openOverdue: late.get(i) ?? 0 }));
    }
  }
  return out;
}

function groupBy<K extends string>(rows: Tagged[], key: (t: Tagged) => K): Map<K, ReportCounters> {
  const groups = new Map<K, ReportCounters>();
  for (const t of rows) {
    const k = key(t);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = zero()));
    addCell(g, t.cell);
    g.overdue += t.openOverdue;
  }
  return groups;
}

const byCasesDesc = <T extends { cases: number }>(rows: T[], tie: (r: T) => string) => rows.sort((a, b) => b.cases - a.cases || tie(a).localeCompare(tie(b)));
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

interface Ctx {
  input: ReportInput;
  rows: Tagged[];
  /** More than one branch in the report: windows are named with their branch. */
  multiBranch: boolean;
}

function totalsBlock({ rows }: Ctx): Pick<ReportFigures, 'totals'> {
  const t = groupBy(rows, () => 'all').get('all') ?? zero();
  return { totals: { ...t, immediateShare: share(t.immediate, t.accepted), onSpotShare: share(t.onSpot, t.immediate) } };
}

function trendBlock({ rows, input }: Ctx): Pick<ReportFigures, 'trend'> {
  const g = groupBy(rows, (t) => t.day);
  const days: string[] = [];
  for (let d = Date.parse(`${input.period.from}T00:00:00Z`); d <= Date.parse(`${input.period.to}T00:00:00Z`); d += 86_400_000) days.push(new Date(d).toISOString().slice(0, 10));
  return { trend: days.map((day) => ({ day, ...(g.get(day) ?? zero()) })) };
}

function itemBlocks({ rows, input }: Ctx): Pick<ReportFigures, 'byItem' | 'byMain'> {
  const items = [...groupBy(rows, (t) => t.cell[0])].map(([itemCode, c]) => {
    const item = input.names.item(itemCode);
    return { itemCode, itemName: item?.name ?? itemCode, mainCode: item?.mainCode ?? itemCode.split('-').slice(0, 2).join('-'), ...c };
  });
  const mains = new Map<string, ReportCounters>();
  for (const it of items) {
    const m = mains.get(it.mainCode) ?? zero();
    for (const k of COUNTERS) m[k] += it[k];
    mains.set(it.mainCode, m);
  }
  return {
    byItem: byCasesDesc(items, (r) => r.itemCode),
    byMain: byCasesDesc(
      [...mains].map(([mainCode, c]) => ({ mainCode, mainName: input.names.mainName(mainCode) ?? mainCode, ...c })),
      (r) => r.mainCode,
    ),
  };
}

function windowBlock({ rows, multiBranch }: Ctx): Pick<ReportFigures, 'byWindow'> {
  const g = groupBy(rows, (t) => (multiBranch ? `${t.terminal.branchCode} ${t.cell[1]}号窗` : `${t.cell[1]}号窗`));
  return { byWindow: [...g].map(([window, c]) => ({ window, ...c })).sort((a, b) => a.window.localeCompare(b.window, 'en', { numeric: true })) };
}

function tellerBlock({ rows }: Ctx): Pick<ReportFigures, 'byTeller'> {
  return { byTeller: byCasesDesc([...groupBy(rows, (t) => t.cell[2])].map(([tellerId, c]) => ({ tellerId, ...c })), (r) => r.tellerId) };
}

function endpointBlock({ rows }: Ctx): Pick<ReportFigures, 'byEndpoint'> {
  const g = groupBy(rows, (t) => t.cell[3]);
  return { byEndpoint: (['si', 'tax'] as const).map((endpoint) => ({ endpoint, ...(g.get(endpoint) ?? zero()) })) };
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
  const t = groupBy(ctx.rows, () => 'all').get('all') ?? zero();
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
  const t = groupBy(ctx.rows, () => 'all').get('all') ?? zero();
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

/** Every block of the report, in order. */
export const FIGURE_BLOCKS = [totalsBlock, trendBlock, itemBlocks, windowBlock, tellerBlock, endpointBlock, outcomesBlock, errandsBlock, handlingBlock];

export function reportFigures(input: ReportInput): ReportFigures {
  const ctx: Ctx = { input, rows: tagged(input), multiBranch: new Set(input.terminals.map((t) => t.branchCode)).size > 1 };
  const head = {
    period: input.period,
    asOf: input.asOf,
    training: input.training,
    terminals: input.terminals.map((t) => ({ terminalId: t.terminalId, branchCode: t.branchCode, days: t.days.filter((d) => d.day >= input.period.from && d.day <= input.period.to).length })),
  };
  return Object.assign(head, ...FIGURE_BLOCKS.map((block) => block(ctx))) as ReportFigures;
}
