import type { LineState } from './types';

/**
 * Judges one line from real traffic and health probes: `unknown` before the first exchange, `down` when the sender
 * says so (retry budget spent), nothing has ever answered, or every exchange has failed for `downAfterMs` since the
 * last answer (so a held-down line reads 中断 within a stated bound, whatever the backoff); `degraded` when recent
 * exchanges failed or were slow, else `up`.
 */
export class LineMonitor {
  private readonly window: { ok: boolean; ms: number }[] = [];
  private everUp = false;
  private seen = false;
  /** When the current run of failures began (no success since); null while the last exchange succeeded. */
  private failingSince: number | null = null;

  constructor(
    private readonly slowMs: number,
    private readonly size = 10,
    private readonly downAfterMs = Number.POSITIVE_INFINITY,
    private readonly clock: () => number = Date.now,
  ) {}

  record(ok: boolean, ms: number): void {
    this.window.push({ ok, ms });
    if (this.window.length > this.size) this.window.shift();
    this.seen = true;
    if (ok) {
      this.everUp = true;
      this.failingSince = null;
    } else if (this.failingSince === null) {
      this.failingSince = this.clock();
    }
  }

  /** When the current run of failures turns the line `down` (ms), or null when no failure is pending. */
  downAt(): number | null {
    return this.failingSince === null ? null : this.failingSince + this.downAfterMs;
  }

  state(flags: { paused: boolean; down: boolean }): LineState {
    if (flags.paused) return 'paused';
    if (flags.down) return 'down';
    // Before the first exchange nothing is known: the status bar says "checking", not "down".
    if (!this.seen) return 'unknown';
    if (!this.everUp) return 'down';
    const downAt = this.downAt();
    if (downAt !== null && this.clock() >= downAt) return 'down';
    if (this.window.some((w) => !w.ok)) return 'degraded';
    const oks = this.window.map((w) => w.ms).sort((a, b) => a - b);
    const median = oks[Math.floor(oks.length / 2)] ?? 0;
    return median > this.slowMs ? 'degraded' : 'up';
  }
}
