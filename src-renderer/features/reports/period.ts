import type { ReportPeriod } from '../../../src-main/contract';

export type PeriodKind = 'day' | 'week' | 'month' | 'custom';

/** Today in China (the terminal's calendar), YYYY-MM-DD. */
export const chinaToday = (now = Date.now()) => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The period of `kind` around `anchor` (a week runs Monday to Sunday). */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, anchor: string): ReportPeriod {
  if (kind === 'day') return { from: anchor, to: anchor };
  if (kind === 'week') {
    const weekday = (new Date(`${anchor}T00:00:00Z`).getUTCDay() + 6) % 7;
    return { from: shift(anchor, -weekday), to: shift(anchor, 6 - weekday) };
  }
  const first = `${anchor.slice(0, 7)}-01`;
  const next = new Date(`${first}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from: first, to: shift(next.toISOString().slice(0, 10), -1) };
}
