/** A rate limit for log lines: what keeps a caller in a loop from filling the disk. */

/**
 * At most `max` log lines per window; when a window with dropped lines ends, `onDropped` reports how many (before
 * the next admitted line).
 */
export function createLogBudget(max: number, windowMs: number, onDropped: (count: number) => void, clock: () => number = Date.now) {
  let start = -Infinity;
  let used = 0;
  let dropped = 0;
  return {
    admit(): boolean {
      const now = clock();
      if (now - start >= windowMs) {
        if (dropped > 0) onDropped(dropped);
        start = now;
        used = 0;
        dropped = 0;
      }
      if (used < max) {
        used++;
        return true;
      }
      dropped++;
      return false;
    },
  };
}
