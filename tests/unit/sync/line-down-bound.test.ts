import { describe, expect, it } from 'vitest';
import { LineMonitor } from '../../../src-main/core/sync/line-monitor';
import { DEFAULT_TUNING } from '../../../src-main/core/sync/types';

describe('line monitor: a held-down line reads down within downAfterMs', () => {
  const flags = { paused: false, down: false };

  it('turns a run of failures into down exactly downAfterMs after the first failure, and back on an answer', () => {
    let now = 1_000_000;
    const m = new LineMonitor(1000, 10, 20_000, () => now);
    m.record(true, 50);
    expect(m.state(flags)).toBe('up');
    expect(m.downAt()).toBeNull();
    m.record(false, 50);
    expect(m.downAt()).toBe(1_000_000 + 20_000);
    now += 19_999;
    m.record(false, 50); // a later failure does not move the bound
    expect(m.state(flags)).toBe('degraded');
    now += 1;
    expect(m.state(flags)).toBe('down');
    m.record(true, 50);
    expect(m.downAt()).toBeNull();
    expect(m.state(flags)).toBe('degraded');
  });

  it('without a bound stays degraded however long the failures last (the old behaviour the bound fixes)', () => {
    let now = 0;
    const m = new LineMonitor(1000, 10, Number.POSITIVE_INFINITY, () => now);
    m.record(true, 50);
    m.record(false, 50);
    now += 3_600_000;
    expect(m.state(flags)).toBe('degraded');
  });

  it('the production bound is 20 s', () => {
    expect(DEFAULT_TUNING.downAfterMs).toBe(20_000);
  });
});
