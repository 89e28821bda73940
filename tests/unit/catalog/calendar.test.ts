import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CalendarError,
  calendarCoverage,
  createWorkCalendar,
  loadCalendar,
  loadCalendarData,
  promisedDate,
  validateCalendar,
  type CalendarData,
} from '../../../src-main/core/catalog/calendar';

const cal = loadCalendar();
const wd = (value: number) => ({ value, unit: 'working_day' as const });
const cd = (value: number) => ({ value, unit: 'calendar_day' as const });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'calendar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('working days (2026, State Council arrangement)', () => {
  it('knows holidays, adjusted working weekends and ordinary days', () => {
    expect(cal.isWorkingDay('2026-02-17')).toBe(false); // 春节, a Tuesday
    expect(cal.holidayName('2026-02-17')).toBe('春节');
    expect(cal.isWorkingDay('2026-02-14')).toBe(true); // adjusted Saturday
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay('2026-03-09')).toBe(true); // ordinary Monday
  });

  it('does not count the day of acceptance', () => {
    expect(promisedDate('2026-03-09', wd(1), cal)).toEqual({ date: '2026-03-10', provisional: false });
  });

  it('counts across the Spring Festival holiday, using the adjusted Saturdays', () => {
    // Fri 13 Feb; Sat 14 Feb works (1); 15–23 Feb off; 24, 25, 26, 27 Feb (2–5).
    expect(promisedDate('2026-02-13', wd(5), cal).date).toBe('2026-02-27');
    // Thu 12 Feb + 10: 13, 14(Sat), 24, 25, 26, 27, 28(Sat), 2, 3, 4 Mar.
    expect(promisedDate('2026-02-12', wd(10), cal).date).toBe('2026-03-04');
  });

  it('lands on an adjusted Saturday when that is the last working day', () => {
    expect(promisedDate('2026-02-13', wd(1), cal).date).toBe('2026-02-14');
    expect(promisedDate('2026-05-08', wd(1), cal).date).toBe('2026-05-09');
    expect(promisedDate('2026-09-18', wd(1), cal).date).toBe('2026-09-20'); // adjusted Sunday
  });

  it('counts across the National Day holiday', () => {
    // Wed 30 Sep; 1–7 Oct off; Thu 8 (1), Fri 9 (2), Sat 10 adjusted (3), Mon 12 (4).
    expect(promisedDate('2026-09-30', wd(3), cal).date).toBe('2026-10-10');
    expect(promisedDate('2026-09-30', wd(4), cal).date).toBe('2026-10-12');
    // 20 working days of a pension claim accepted on 28 Sep.
    // 29, 30 Sep, 8, 9, 10(Sat), 12–16, 19–23, 26–30 Oct.
    expect(promisedDate('2026-09-28', wd(20), cal).date).toBe('2026-10-30');
  });

  it('returns the acceptance date for immediate items', () => {
    expect(promisedDate('2026-02-16', wd(0), cal).date).toBe('2026-02-16');
  });
});

describe('calendar days (工伤认定 60 日)', () => {
  it('counts calendar days and moves an end on a holiday to the next working day', () => {
    expect(promisedDate('2026-06-01', cd(60), cal).date).toBe('2026-07-31');
    expect(promisedDate('2026-08-03', cd(60), cal).date).toBe('2026-10-08'); // 2 Oct is 国庆
    expect(promisedDate('2026-03-02', cd(60), cal).date).toBe('2026-05-06'); // 1 May is 劳动节
    expect(promisedDate('2026-06-05', cd(15), cal).date).toBe('2026-06-22'); // 20 Jun is 端午, 21 Sun
  });
});

describe('coverage and provisional years', () => {
  it('flags dates that run into the provisional 2027 data', () => {
    expect(promisedDate('2026-12-30', wd(5), cal)).toEqual({ date: '2027-01-07', provisional: true });
  });

  it('flags dates in a year the calendar does not carry, counting weekends only', () => {
    expect(promisedDate('2028-03-01', wd(3), cal)).toEqual({ date: '2028-03-06', provisional: true });
  });

  it('warns support when the coming year is provisional or missing', () => {
    expect(calendarCoverage(cal, '2026-05-01').map((w) => [w.year, w.level])).toEqual([[2027, 'provisional']]);
    expect(calendarCoverage(cal, '2027-06-01').map((w) => [w.year, w.level])).toEqual([[2027, 'provisional'], [2028, 'missing']]);
    const only2026 = createWorkCalendar({ ...loadCalendarData(), years: loadCalendarData().years.filter((y) => y.year === 2026) });
    const warnings = calendarCoverage(only2026, '2026-11-20');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ year: 2027, level: 'missing' });
    expect(warnings[0]!.message).toContain('2027');
  });

  it('is data: a replacement file changes the result without code changes', () => {
    const data = loadCalendarData();
    const y2027 = data.years.find((y) => y.year === 2027)!;
    y2027.status = 'published';
    y2027.workdays = ['2027-02-13'];
    const file = path.join(tmp, 'calendar.json');
    writeFileSync(file, JSON.stringify({ ...data, version: 2 }));
    const replaced = loadCalendar(file);
    expect(replaced.version).toBe(2);
    expect(replaced.isWorkingDay('2027-02-13')).toBe(true);
    expect(calendarCoverage(replaced, '2026-12-01')).toEqual([]);
  });
});

describe('calendar validation', () => {
  const base = (): CalendarData => JSON.parse(JSON.stringify(loadCalendarData())) as CalendarData;
  it('refuses an adjusted working day that is not a weekend', () => {
    const d = base();
    d.years[0]!.workdays.push('2026-03-04');
    expect(() => validateCalendar(d)).toThrow(/Saturday or Sunday/);
  });
  it('refuses a holiday outside its year, an impossible date and a duplicate year', () => {
    const a = base();
    a.years[0]!.holidays[0]!.from = '2025-12-31';
    expect(() => validateCalendar(a)).toThrow(CalendarError);
    const b = base();
    b.years[0]!.holidays[0]!.to = '2026-02-30';
    expect(() => validateCalendar(b)).toThrow(/not a real date/);
    const c = base();
    c.years.push(c.years[0]!);
    expect(() => validateCalendar(c)).toThrow(/duplicate year/);
  });
});
