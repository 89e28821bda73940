/**
 * Working-day calendar for promised dates (承诺办结日期).
 *
 * Working days are Monday–Friday, minus the statutory holidays, plus the adjusted working weekends (调休)
 * the State Council announces every year. That arrangement changes yearly, so it is data
 * (data/calendar.json, replaceable by a catalog update), never code. A year the State Council has not
 * published yet may be carried as `provisional` (statutory holidays only); dates computed through it are
 * flagged provisional.
 *
 * Counting rules (行政许可法 art. 82; 民法典 arts. 201, 203):
 * - the day of acceptance is not counted; a limit of N working days ends on the N-th working day after it;
 * - a limit of N calendar days ends N days after acceptance, moved to the next working day when that day is
 *   a rest day or holiday;
 * - a limit of 0 is done on the spot: the acceptance date itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { TimeLimit } from '../../contract/catalog';
import { appRoot } from '../util/paths';

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const dateSchema = z.string().regex(DATE_RE, 'date YYYY-MM-DD').refine((d) => toDay(d) !== null, 'not a real date');

export const calendarYearSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  /** published: the State Council's notice; provisional: statutory days only, 调休 unknown. */
  status: z.enum(['published', 'provisional']),
  source: z.string().min(1),
  holidays: z.array(z.object({ name: z.string().min(1), from: dateSchema, to: dateSchema })).min(1),
  /** Adjusted working days (调休上班), always a Saturday or Sunday. */
  workdays: z.array(dateSchema),
});

export const calendarDataSchema = z.object({
  version: z.number().int().min(1),
  years: z.array(calendarYearSchema).min(1),
});
export type CalendarData = z.infer<typeof calendarDataSchema>;
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export class CalendarError extends Error {
  override name = 'CalendarError';
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) for a YYYY-MM-DD string, or null when it is not a real date. */
function toDay(date: string): number | null {
  if (!DATE_RE.test(date)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** Validates calendar data (schema + each date inside its year, 调休 days on weekends, no overlaps). */
export function validateCalendar(data: unknown, source = '(memory)'): CalendarData {
  const parsed = calendarDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CalendarError(`calendar ${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const seen = new Set<number>();
  for (const [i, y] of parsed.data.years.entries()) {
    const at = `calendar ${source}: years[${i}] (${y.year})`;
    if (seen.has(y.year)) throw new CalendarError(`${at}: duplicate year`);
    seen.add(y.year);
    const off = new Set<number>();
    for (const [j, h] of y.holidays.entries()) {
      const from = toDay(h.from)!;
      const to = toDay(h.to)!;
      if (!h.from.startsWith(`${y.year}-`) || !h.to.startsWith(`${y.year}-`)) throw new CalendarError(`${at}.holidays[${j}]: dates outside the year`);
      if (to < from) throw new CalendarError(`${at}.holidays[${j}]: ends before it starts`);
      for (let d = from; d <= to; d++) off.add(d);
    }
    for (const [j, w] of y.workdays.entries()) {
      const d = toDay(w)!;
      if (!w.startsWith(`${y.year}-`)) throw new CalendarError(`${at}.workdays[${j}]: date outside the year`);
      const wd = weekday(d);
      if (wd !== 0 && wd !== 6) throw new CalendarError(`${at}.workdays[${j}]: an adjusted working day must be a Saturday or Sunday`);
      if (off.has(d)) throw new CalendarError(`${at}.workdays[${j}]: also listed as a holiday`);
    }
  }
  return parsed.data;
}

export function defaultCalendarFile(): string {
  return path.join(appRoot(), 'src-main', 'core', 'catalog', 'data', 'calendar.json');
}

export function loadCalendarData(file: string = defaultCalendarFile()): CalendarData {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CalendarError(`calendar ${file}: cannot read or parse: ${(err as Error).message}`);
  }
  return validateCalendar(data, file);
}

export interface WorkCalendar {
  readonly version: number;
  /** Years the data covers, with their status. */
  readonly years: ReadonlyMap<number, CalendarYear['status']>;
  isWorkingDay(date: string): boolean;
  /** Holiday name for a date ('春节'), or null. */
  holidayName(date: string): string | null;
}

export function createWorkCalendar(data: CalendarData): WorkCalendar {
  const holidays = new Map<number, string>();
  const workdays = new Set<number>();
  for (const y of data.years) {
    for (const h of y.holidays) for (let d = toDay(h.from)!; d <= toDay(h.to)!; d++) holidays.set(d, h.name);
    for (const w of y.workdays) workdays.add(toDay(w)!);
  }
  const isWorkingDayNumber = (day: number): boolean => {
    if (holidays.has(day)) return false;
    if (workdays.has(day)) return true;
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  };
  const dayOf = (date: string): number => {
    const d = toDay(date);
    if (d === null) throw new CalendarError(`not a date (YYYY-MM-DD): ${date}`);
    return d;
  };
  return {
    version: data.version,
    years: new Map(data.years.map((y) => [y.year, y.status])),
    isWorkingDay: (date) => isWorkingDayNumber(dayOf(date)),
    holidayName: (date) => holidays.get(dayOf(date)) ?? null,
  };
}

/** Loads the calendar file (shipped by default) into a WorkCalendar. */
export function loadCalendar(file?: string): WorkCalendar {
  return createWorkCalendar(loadCalendarData(file));
}

export interface PromisedDate {
  /** YYYY-MM-DD. */
  date: string;
  /**
   * True when the count ran through a year the calendar carries only provisionally, or not at all
   * (then only weekends were known): show it as 预计 and recompute when the calendar is updated.
   */
  provisional: boolean;
}

/** The promised completion date for a case accepted on `acceptedDate` with the item's promised limit. */
export function promisedDate(acceptedDate: string, limit: TimeLimit, calendar: WorkCalendar): PromisedDate {
  const start = toDay(acceptedDate);
  if (start === null) throw new CalendarError(`not a date (YYYY-MM-DD): ${acceptedDate}`);
  const isWork = (d: number) => calendar.isWorkingDay(fromDay(d));
  let provisional = false;
  const touch = (day: number) => {
    const status = calendar.years.get(new Date(day * DAY_MS).getUTCFullYear());
    if (status !== 'published') provisional = true;
  };
  touch(start);
  let day = start;
  if (limit.value > 0) {
    if (limit.unit === 'working_day') {
      let left = limit.value;
      while (left > 0) {
        day++;
        touch(day);
        if (isWork(day)) left--;
      }
    } else {
      day = start + limit.value;
      touch(day);
      while (!isWork(day)) {
        day++;
        touch(day);
      }
    }
  }
  return { date: fromDay(day), provisional };
}

export interface CoverageWarning {
  year: number;
  level: 'missing' | 'provisional';
  /** For support staff (Chinese). */
  message: string;
}

/**
 * Checks that the calendar covers the current and the coming year with published data. Returns one warning
 * per year that is missing or provisional (empty when all is well). `today` is YYYY-MM-DD.
 */
export function calendarCoverage(calendar: WorkCalendar, today: string): CoverageWarning[] {
  const d = toDay(today);
  if (d === null) throw new CalendarError(`not a date (YYYY-MM-DD): ${today}`);
  const year = new Date(d * DAY_MS).getUTCFullYear();
  const warnings: CoverageWarning[] = [];
  for (const y of [year, year + 1]) {
    const status = calendar.years.get(y);
    if (status === undefined) {
      warnings.push({ year: y, level: 'missing', message: `工作日历缺少${y}年节假日安排，承诺办结日期仅按周末推算，请尽快更新事项目录` });
    } else if (status === 'provisional') {
      warnings.push({ year: y, level: 'provisional', message: `${y}年节假日安排为预置数据（未含调休），国务院公布后请更新事项目录` });
    }
  }
  return warnings;
}
