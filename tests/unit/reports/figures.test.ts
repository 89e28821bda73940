import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../../../src-renderer/features/reports/period';
import { COUNTERS, emptyDay, handlingBucket, type DayFigures } from '../../../src-main/core/reports/day-figures';
import { FIGURES_FORMAT, mergeFiguresFiles, publicKeyOf, signFiguresFile, type FiguresPayload } from '../../../src-main/core/reports/figures-file';
import { percentile, reportFigures, type ReportNames } from '../../../src-main/core/reports/report-figures';

const names: ReportNames = { item: () => undefined, mainName: () => undefined };
const row = (values: Partial<Record<(typeof COUNTERS)[number], number>>) => COUNTERS.map((k) => values[k] ?? 0);

/** A day with `cases` accepted immediate cases of SI-04-01 at window 3 (teller T0042, line si). */
function day(date: string, cases: number, extra: Partial<DayFigures> = {}): DayFigures {
  const r = row({ cases, accepted: cases, immediate: cases, onSpot: cases });
  return { ...emptyDay(date), items: { 'SI-04-01': r }, windows: { '3': r }, tellers: { T0042: r }, endpoints: { si: r }, ...extra };
}

function file(terminalId: string, key: ReturnType<typeof generateKeyPairSync>['privateKey'], generatedAt: string, days: DayFigures[]): Buffer {
  const payload: FiguresPayload = {
    format: FIGURES_FORMAT,
    terminalId,
    branchCode: terminalId.slice(0, 12),
    training: false,
    period: { from: days[0]!.day, to: days.at(-1)!.day },
    generatedAt,
    days,
  };
  return Buffer.from(signFiguresFile(payload, key));
}

describe('report figures', () => {
  it('takes the nearest-rank percentile of a histogram of seconds', () => {
    const hist = new Map([
      [10, 5],
      [20, 4],
      [300, 1],
    ]);
    expect(percentile(hist, 0.5)).toBe(10);
    expect(percentile(hist, 0.9)).toBe(20);
    expect(percentile(hist, 1)).toBe(300);
    expect(percentile(new Map(), 0.5)).toBeNull();
  });

  it('keeps handling times in buckets that grow with the time', () => {
    expect([59_999, 61_000, 64_999, 65_000, 601_000, 3_700_000].map(handlingBucket)).toEqual([59, 60, 60, 65, 600, 3600]);
  });

  it('counts an open commitment case as overdue only once its promised date has passed', () => {
    const r = row({ cases: 1, accepted: 1, commitment: 1 });
    const d: DayFigures = { ...emptyDay('2026-11-02'), items: { 'SI-06-02': r }, windows: { '3': r }, tellers: { T0042: r }, endpoints: { si: r }, open: [['SI-06-02', '3', 'T0042', 'si', '2026-11-20', 1]] };
    const at = (asOf: string) => reportFigures({ period: { from: '2026-11-01', to: '2026-11-30' }, asOf, training: false, terminals: [{ terminalId: 'T-1', branchCode: 'B-1', days: [d] }], names });
    expect(at('2026-11-20').totals.overdue).toBe(0);
    const late = at('2026-11-21');
    expect(late.totals.overdue).toBe(1);
    expect(late.byItem[0]!.overdue).toBe(1);
    expect(late.trend.find((t) => t.day === '2026-11-02')!.overdue).toBe(1);
    expect(late.errands.overdue).toBe(1);
  });

  it('counts each (terminal, day) once across overlapping files of one terminal, the newer file winning', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const older = file('3303-LW-0012-W03', privateKey, '2026-11-10T08:00:00.000Z', [day('2026-11-02', 5), day('2026-11-03', 7)]);
    const newer = file('3303-LW-0012-W03', privateKey, '2026-11-20T08:00:00.000Z', [day('2026-11-03', 8), day('2026-11-04', 2)]);
    const trusted = new Map([['3303-LW-0012-W03', publicKeyOf(privateKey)]]);
    const m = mergeFiguresFiles(
      [
        { name: 'older.json', bytes: older },
        { name: 'newer.json', bytes: newer },
        { name: 'older-again.json', bytes: older },
      ],
      trusted,
    );
    expect(m.refused).toEqual([]);
    expect(m.period).toEqual({ from: '2026-11-02', to: '2026-11-04' });
    const f = reportFigures({ period: m.period, asOf: '2026-11-30', training: false, terminals: m.terminals, names });
    expect(f.totals.cases).toBe(5 + 8 + 2);
    expect(m.accepted.find((a) => a.file === 'older.json')!.duplicateDays + m.accepted.find((a) => a.file === 'older-again.json')!.duplicateDays).toBe(3);
  });

  it('refuses a file of the other mode, and a file whose key is not the pinned one', () => {
    const a = generateKeyPairSync('ed25519').privateKey;
    const b = generateKeyPairSync('ed25519').privateKey;
    const live = file('3303-LW-0012-W03', a, '2026-11-10T08:00:00.000Z', [day('2026-11-02', 1)]);
    const training = JSON.parse(file('3303-LW-0012-W04', a, '2026-11-10T08:00:00.000Z', [day('2026-11-02', 1)]).toString()) as { payload: FiguresPayload };
    const trainingFile = Buffer.from(signFiguresFile({ ...training.payload, training: true }, a));
    const impostor = file('3303-LW-0012-W05', b, '2026-11-10T08:00:00.000Z', [day('2026-11-02', 1)]);
    const trusted = new Map(['3303-LW-0012-W03', '3303-LW-0012-W04', '3303-LW-0012-W05'].map((id) => [id, publicKeyOf(a)]));
    const m = mergeFiguresFiles(
      [
        { name: 'live.json', bytes: live },
        { name: 'training.json', bytes: trainingFile },
        { name: 'impostor.json', bytes: impostor },
        { name: 'junk.json', bytes: Buffer.from('{"x":1}') },
      ],
      trusted,
    );
    expect(m.refused.map((r) => r.file)).toEqual(['training.json', 'impostor.json', 'junk.json']);
    expect(m.refused[1]!.reason).toContain('不一致');
  });

  it('names the periods of the 报表 page: a week runs Monday to Sunday, a month to its last day', () => {
    expect(periodOf('day', '2026-12-05')).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    expect(periodOf('week', '2026-12-05')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodOf('week', '2026-11-30')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(periodOf('month', '2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});
