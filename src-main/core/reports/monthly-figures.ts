import type { MonthlyFigures, ReportFigures, ReportPeriod } from '../../contract';
import { daysOf } from './day-figures';

/**
 * The month's figures card (办件跟踪): a short view of the month's report — the same counting as the 报表 page
 * (report-figures.ts), so the card and the report never disagree. Month: China calendar month.
 */
export function monthlyFigures(report: (period: ReportPeriod) => ReportFigures, branchCode: string, month: string): MonthlyFigures {
  const next = new Date(`${month}-01T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = daysOf(`${month}-01`, next.toISOString().slice(0, 10)).at(-2)!;
  const f = report({ from: `${month}-01`, to: last });
  const t = f.totals;
  const line = (e: 'si' | 'tax') => f.byEndpoint.find((x) => x.endpoint === e)?.accepted ?? 0;
  return {
    month,
    branchCode,
    training: f.training,
    cases: t.cases,
    accepted: t.accepted,
    notified: t.refused,
    withdrawn: t.withdrawn,
    immediate: t.immediate,
    immediateShare: Math.round(t.immediateShare * 1000) / 1000,
    completedOnSpot: t.onSpot,
    errandBatches: f.errands.batches,
    errandCases: f.errands.handedOver,
    byLine: { si: line('si'), tax: line('tax') },
    // Every case of the item, as the card's total counts them (a refused intake too), not only the accepted.
    byItem: f.byItem
      .filter((i) => i.cases > 0)
      .map((i) => ({ itemCode: i.itemCode, itemName: i.itemName, cases: i.cases }))
      .sort((a, b) => b.cases - a.cases || a.itemCode.localeCompare(b.itemCode)),
  };
}
