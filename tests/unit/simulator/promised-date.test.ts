import { describe, expect, it } from 'vitest';
import { catalogPromisedDate } from '../../../src-main/simulator/bureau';

const limits = new Map([
  ['SI-06-01', { value: 15, unit: 'working_day' as const }],
  ['MI-01-01', { value: 30, unit: 'calendar_day' as const }],
  ['TX-01-01', null],
]);

describe("the simulator's promised date", () => {
  it("keeps the catalog's 承诺时限: working days skip weekends, calendar days do not; 10 working days without one", () => {
    const promised = catalogPromisedDate(limits, 10);
    expect(promised('SI-06-01', '2026-11-27')).toBe('2026-12-18'); // Friday + 15 working days
    expect(promised('MI-01-01', '2026-11-27')).toBe('2026-12-27');
    expect(promised('TX-01-01', '2026-11-27')).toBe('2026-12-11');
    expect(promised('XX-99-99', '2026-11-27')).toBe('2026-12-11');
  });

  it('gives every item the same working days when told to', () => {
    expect(catalogPromisedDate(limits, 10, 3)('MI-01-01', '2026-11-27')).toBe('2026-12-02');
  });
});
