import { describe, expect, it } from 'vitest';
import { ThrottleHold, ThrottleHolds } from '../../../src-main/core/sync/throttle';
import { classifyWrite } from '../../../src-main/core/sync/wire';
import { seededRandom } from '../../../src-main/simulator/faults';

describe('throttle hold', () => {
  it('waits at least Retry-After, plus jitter that doubles with each throttle in a row, up to 8 Retry-Afters', () => {
    let u = 0;
    const hold = new ThrottleHold(1_000, 60_000, () => u);
    u = 0;
    expect(hold.throttled(0, 2_000)).toBe(2_000); // never shorter than Retry-After
    u = 0.999999;
    expect(hold.throttled(10_000, 2_000)).toBe(10_000 + 2_000 + 3_999); // 2nd in a row: spread up to 2 × 2 s
    expect(hold.throttled(20_000, 2_000)).toBe(20_000 + 2_000 + 7_999); // 3rd: up to 4 × 2 s
    expect(hold.throttled(30_000, 2_000)).toBe(30_000 + 2_000 + 15_999); // 4th: up to 8 × 2 s
    expect(hold.throttled(50_000, 2_000)).toBe(50_000 + 2_000 + 15_999); // and no more: an unlucky terminal is not starved
    hold.accepted();
    expect(hold.throttled(70_000, 2_000)).toBe(70_000 + 2_000 + 1_999); // a write got through: back to one Retry-After of spread
    expect(hold.held(73_000)).toBe(true);
    expect(hold.held(73_999)).toBe(false);
  });

  it('spreads a fleet told "1 second" at the same moment over the following second', () => {
    const random = seededRandom(16);
    const backAt = Array.from({ length: 1_000 }, () => new ThrottleHold(1_000, 60_000, random).throttled(0, 1_000));
    expect(Math.min(...backAt)).toBeGreaterThanOrEqual(1_000);
    const firstHalf = backAt.filter((t) => t < 1_500).length;
    // Uniform over [1 s, 2 s): about half in each half-second (binomial, 1000 draws: 6 standard deviations is ±95).
    expect(firstHalf).toBeGreaterThan(400);
    expect(firstHalf).toBeLessThan(600);
  });

  it('counts the refusals of requests sent together once: they answer while the hold they caused is in force', () => {
    const hold = new ThrottleHold(1_000, 60_000, () => 0.999999);
    const until = hold.throttled(0, 1_000);
    expect(hold.throttled(5, 1_000)).toBe(until);
    expect(hold.throttled(9, 1_000)).toBe(until);
    // The next refusal after the hold is the second in a row, not the fourth.
    expect(hold.throttled(until, 1_000)).toBe(until + 1_000 + 1_999);
  });

  it('lets one write at a time go to a server that refused the last one, then one more for each write it accepts', () => {
    const hold = new ThrottleHold(1_000, 60_000, () => 0.5);
    expect(hold.writeRoom(4)).toBe(4);
    hold.throttled(0, 1_000);
    expect(hold.writeRoom(4)).toBe(1);
    hold.throttled(5_000, 1_000); // refused again after the hold: still one
    expect(hold.writeRoom(4)).toBe(1);
    const rooms: number[] = [];
    for (let k = 0; k < 5; k++) {
      hold.accepted();
      rooms.push(hold.writeRoom(4));
    }
    expect(rooms).toEqual([2, 3, 4, 4, 4]);
    hold.throttled(20_000, 1_000); // refused again: back to one, and growing from there
    expect(hold.writeRoom(4)).toBe(1);
    hold.accepted();
    expect(hold.writeRoom(4)).toBe(2);
  });

  it('without Retry-After falls back to the full-jitter backoff', () => {
    const hold = new ThrottleHold(1_000, 60_000, () => 0.5);
    expect(hold.throttled(0, null)).toBe(500);
  });

  it('is one hold per origin: lanes on the same server share it, other servers are not held', () => {
    const holds = new ThrottleHolds(1_000, 60_000, () => 0);
    const a = holds.forUrl('https://10.1.2.3:8443/si');
    expect(holds.forUrl('https://10.1.2.3:8443/tax')).toBe(a);
    expect(holds.forUrl('https://10.1.2.4:8443')).not.toBe(a);
    a.throttled(0, 1_000);
    expect(holds.forUrl('https://10.1.2.3:8443').held(500)).toBe(true);
    expect(holds.forUrl('https://10.1.2.4:8443').held(500)).toBe(false);
  });
});

describe('overload answers', () => {
  it('503 with Retry-After is a throttle; 503 without it stays a transient failure', () => {
    expect(classifyWrite(503, { error: 'unavailable', message: 'busy' }, '3', 0)).toMatchObject({ kind: 'throttled', retryAfterMs: 3_000 });
    expect(classifyWrite(503, { error: 'unavailable', message: 'down' }, undefined, 0)).toMatchObject({ kind: 'transient' });
  });
});
