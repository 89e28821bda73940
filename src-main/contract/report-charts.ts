/**
 * The report's charts as echarts options: one builder per chart, used by the 报表 page (echarts in the browser) and
 * by the PDF (echarts server-side SVG). Pure data, no echarts import. Labels come in from the caller (i18n on
 * screen, Chinese in the PDF).
 */
import type { ReportFigures } from './reports';

export interface ChartLabels {
  cases: string;
  immediate: string;
  commitment: string;
  onSpot: string;
  /** The immediate items not completed on the spot (the pie's middle slice). */
  immediateNotOnSpot: string;
  /** An echarts label template for a pie slice: name, count and share ({b}, {c}, {d}). */
  pieLabel: string;
  onTime: string;
  overdue: string;
  trendTitle: string;
  topItemsTitle: string;
  immediateTitle: string;
  overdueTitle: string;
}

export type ChartName = 'trend' | 'topItems' | 'immediate' | 'overdue';
export const CHART_NAMES: readonly ChartName[] = ['trend', 'topItems', 'immediate', 'overdue'];

const base = (title: string) => ({ animation: false, title: { text: title, left: 'center', textStyle: { fontSize: 14 } }, textStyle: { fontFamily: 'sans-serif' } });

export function chartOption(name: ChartName, f: ReportFigures, l: ChartLabels): Record<string, unknown> {
  switch (name) {
    case 'trend':
      return {
        ...base(l.trendTitle),
        legend: { bottom: 0, data: [l.cases, l.immediate] },
        grid: { left: 48, right: 16, top: 40, bottom: 48 },
        xAxis: { type: 'category', data: f.trend.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: l.cases, type: 'line', data: f.trend.map((d) => d.cases) },
          { name: l.immediate, type: 'line', data: f.trend.map((d) => d.immediate) },
        ],
      };
    case 'topItems': {
      const top = f.byItem.slice(0, 10).reverse();
      return {
        ...base(l.topItemsTitle),
        grid: { left: 170, right: 24, top: 40, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: top.map((i) => (i.itemName.length > 12 ? `${i.itemName.slice(0, 12)}…` : i.itemName)) },
        series: [{ name: l.cases, type: 'bar', data: top.map((i) => i.cases), label: { show: true, position: 'right' } }],
      };
    }
    case 'immediate':
      return {
        ...base(l.immediateTitle),
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            // Below the title, clear of the legend: a label never sits on the title.
            center: ['50%', '54%'],
            radius: ['28%', '50%'],
            label: { formatter: l.pieLabel },
            data: [
              { name: l.onSpot, value: f.totals.onSpot },
              { name: l.immediateNotOnSpot, value: f.totals.immediate - f.totals.onSpot },
              { name: l.commitment, value: f.totals.commitment },
            ],
          },
        ],
      };
    case 'overdue': {
      const top = f.byMain.filter((m) => m.commitment > 0).slice(0, 10).reverse();
      return {
        ...base(l.overdueTitle),
        legend: { bottom: 0, data: [l.onTime, l.overdue] },
        grid: { left: 170, right: 24, top: 40, bottom: 48 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: top.map((m) => (m.mainName.length > 12 ? `${m.mainName.slice(0, 12)}…` : m.mainName)) },
        series: [
          { name: l.onTime, type: 'bar', stack: 'c', data: top.map((m) => m.commitment - m.overdue) },
          { name: l.overdue, type: 'bar', stack: 'c', data: top.map((m) => m.overdue), itemStyle: { color: '#d4380d' } },
        ],
      };
    }
  }
}
