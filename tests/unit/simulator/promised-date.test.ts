import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../../src-main/core/catalog/calendar';
import { catalogPromisedDate } from '../../../src-main/simulator/bureau';

const limits = new Map([
  ['SI-06-01', { value: 15, unit: 'working_day' as const }],
  ['MI-01-01', { value: 30, unit: 'calendar_day' as const }],
  ['SI-01-01', { value: 3, unit: 'working_day' as const }],
  ['TX-01-01', null],
]);
const calendar = loadCalendar();

describe("the simulator's promised date", () => {
  it("keeps the catalog's 承诺时限: working days skip rest days, calendar days do not; 10 working days without one", () => {
    const promised = catalogPromisedDate(limits, calendar, 10);
    expect(promised('SI-06-01', '2026-11-27')).toBe('2026-12-18'); // Friday + 15 working days
    expect(promised('TX-01-01', '2026-11-27')).toBe('2026-12-11');
    expect(promised('XX-99-99', '2026-11-27')).toBe('2026-12-11');
  });

  it('counts on the work calendar as the terminal does: holidays, make-up working days, a rest day moved on', () => {
    const promised = catalogPromisedDate(limits, calendar, 10);
    // Wednesday before 国庆节 (1–7 October) + 3 working days: Thursday 8th, Friday 9th, Saturday 10th (a make-up day).
    expect(promised('SI-01-01', '2026-09-30')).toBe('2026-10-10');
    // 30 calendar days land on Sunday 27 December: the promise is the next working day.
    expect(promised('MI-01-01', '2026-11-27')).toBe('2026-12-28');
  });

  it('gives every item the same working days when told to', () => {
    expect(catalogPromisedDate(limits, calendar, 10, 3)('MI-01-01', '2026-11-27')).toBe('2026-12-02');
  });
});
