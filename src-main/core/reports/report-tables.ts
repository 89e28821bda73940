/**
 * The report's tables, defined once: the PDF prints them and the .xlsx has one sheet per table. Columns are typed
 * so that the workbook stores numbers as numbers and days as dates. Chinese headings (the report is for leadership).
 */
import type { ReportCounters, ReportFigures } from '../../contract/reports';

export type ColumnType = 'text' | 'int' | 'share' | 'date' | 'seconds';
export interface Column {
  header: string;
  type: ColumnType;
  width: number;
}
export interface ReportTable {
  /** Sheet name (≤ 31 characters). */
  name: string;
  title: string;
  columns: Column[];
  rows: (string | number | null)[][];
}

const text = (header: string, width = 14): Column => ({ header, type: 'text', width });
const int = (header: string): Column => ({ header, type: 'int', width: 9 });

const COUNTER_COLUMNS: [keyof ReportCounters, string][] = [
  ['cases', '受理登记'],
  ['accepted', '已受理'],
  ['deferred', '容缺受理'],
  ['refused', '不予受理'],
  ['immediate', '即办件'],
  ['onSpot', '当场办结'],
  ['commitment', '承诺件'],
  ['decided', '已办结'],
  ['delivered', '已送达'],
  ['overdue', '超期'],
  ['withdrawn', '撤回'],
];
const counterColumns = COUNTER_COLUMNS.map(([, h]) => int(h));
const counterValues = (c: ReportCounters) => COUNTER_COLUMNS.map(([k]) => c[k]);

/** A two-column table: what, and its value. */
const keyValues = (name: string, title: string, value: Column, rows: [string, number | null][]): ReportTable => ({ name, title, columns: [text('指标', 24), value], rows });

/** The top reasons (item, material) behind refused or deferred intakes. */
const reasons = (name: string, title: string, rows: ReportFigures['outcomes']['topRefused']): ReportTable => ({
  name,
  title,
  columns: [text('事项编码', 12), text('材料编码', 8), text('材料', 34), int('件数')],
  rows: rows.map((r) => [r.itemCode, r.materialCode, r.materialName, r.cases]),
});

type RatingRow = Omit<ReportFigures['ratings']['perTeller'][number], 'tellerId'>;
const RATING_COLUMNS: Column[] = [
  int('评价数'),
  { header: '满意率', type: 'share', width: 10 },
  ...[5, 4, 3, 2, 1].map((l) => int(`${l}星`)),
  int('差评'),
  int('待整改回访'),
  int('回访中'),
  int('已整改'),
];
const ratingValues = (r: RatingRow) => [r.total, r.satisfactionRate, r.byLevel[5], r.byLevel[4], r.byLevel[3], r.byLevel[2], r.byLevel[1], r.bad.total, r.bad.awaitingFollowUp, r.bad.followUp, r.bad.rectified];

/** The citizen ratings (好差评): the whole period, then per item and per teller, one row each. */
const ratingsTable = (r: ReportFigures['ratings']): ReportTable => ({
  name: '好差评',
  title: '好差评（满意率 = 非常满意、满意、基本满意 / 评价数）',
  columns: [text('范围', 12), text('名称', 30), ...RATING_COLUMNS],
  rows: [
    ['合计', '', ...ratingValues(r)],
    ...r.perItem.map((i) => [i.itemCode, i.itemName, ...ratingValues(i)]),
    ...r.perTeller.map((p) => ['柜员', p.tellerId, ...ratingValues(p)]),
  ],
});

const ENDPOINT_NAME = { si: '人社医保专线', tax: '税务专线' } as const;

export function reportTables(f: ReportFigures): ReportTable[] {
  const t = f.totals;
  return [
    keyValues('总览', '总体情况', { header: '数值', type: 'int', width: 12 }, [
      ['受理登记（件）', t.cases],
      ['已受理（件）', t.accepted],
      ['其中容缺受理（件）', t.deferred],
      ['不予受理（一次性告知，件）', t.refused],
      ['即办件（件）', t.immediate],
      ['当场办结（件）', t.onSpot],
      ['承诺件（件）', t.commitment],
      ['已办结（件）', t.decided],
      ['结果已送达（件）', t.delivered],
      ['超期（件）', t.overdue],
      ['撤回（件）', t.withdrawn],
      ['代跑腿交接批次', f.errands.batches],
      ['代跑腿交接（件）', f.errands.handedOver],
      ['后台已接收（件）', f.errands.received],
      ['办理时长统计（件）', f.handling.measured],
    ]),
    keyValues('比率', '即办件占比与当场办结率', { header: '比率', type: 'share', width: 12 }, [
      ['即办件占比', t.immediateShare],
      ['即办件当场办结率', t.onSpotShare],
    ]),
    keyValues('办理时长', '办理时长（读卡至确认，秒）', { header: '秒', type: 'seconds', width: 12 }, [
      ['中位数', f.handling.medianS],
      ['90 分位', f.handling.p90S],
    ]),
    { name: '每日趋势', title: '每日趋势', columns: [{ header: '日期', type: 'date', width: 12 }, ...counterColumns], rows: f.trend.map((d) => [d.day, ...counterValues(d)]) },
    { name: '主项', title: '按主项（32 项）', columns: [text('主项编码', 10), text('主项名称', 28), ...counterColumns], rows: f.byMain.map((m) => [m.mainCode, m.mainName, ...counterValues(m)]) },
    { name: '子项', title: '按子项（119 项）', columns: [text('事项编码', 12), text('事项名称', 30), ...counterColumns], rows: f.byItem.map((i) => [i.itemCode, i.itemName, ...counterValues(i)]) },
    { name: '窗口', title: '按窗口', columns: [text('窗口', 20), ...counterColumns], rows: f.byWindow.map((w) => [`${w.branchCode ? `${w.branchCode} ` : ''}${w.windowNo}号窗`, ...counterValues(w)]) },
    { name: '柜员', title: '按柜员', columns: [text('柜员号', 12), ...counterColumns], rows: f.byTeller.map((w) => [w.tellerId, ...counterValues(w)]) },
    { name: '专线', title: '按专线', columns: [text('专线', 14), ...counterColumns], rows: f.byEndpoint.map((e) => [ENDPOINT_NAME[e.endpoint], ...counterValues(e)]) },
    reasons('不予受理原因', '不予受理主要原因（缺少材料）', f.outcomes.topRefused),
    reasons('容缺原因', '容缺受理主要原因（后补材料）', f.outcomes.topDeferred),
    {
      name: '代跑腿',
      title: '代跑腿（承诺件）',
      columns: [text('环节', 20), int('件数')],
      rows: [
        ['交接批次', f.errands.batches],
        ['交接件数', f.errands.handedOver],
        ['后台已接收', f.errands.received],
        ['已办结', f.errands.decided],
        ['其中不予批准', f.errands.rejected],
        ['结果已送达', f.errands.delivered],
        ['超期（按承诺工作日）', f.errands.overdue],
      ],
    },
    ratingsTable(f.ratings),
    { name: '数据来源', title: '数据来源（终端）', columns: [text('终端号', 22), text('网点', 16), int('天数')], rows: f.terminals.map((s) => [s.terminalId, s.branchCode, s.days]) },
  ];
}
