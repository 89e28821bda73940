import type { LineState } from './types';

/**
 * Judges one line from real traffic and health probes: `unknown` before the first exchange, `down` when the sender
 * says so (retry budget spent) or nothing has ever answered, `degraded` when recent exchanges failed or were slow, else `up`.
 */
export class LineMonitor {
  private readonly window: { ok: boolean; ms: number }[] = [];
  private everUp = false;
  private seen = false;

  constructor(
    private readonly slowMs: number,
    private readonly size = 10,
  ) {}

  record(ok: boolean, ms: number): void {
    this.window.push({ ok, ms });
    if (this.window.length > this.size) this.window.shift();
    this.seen = true;
    if (ok) this.everUp = true;
  }

  state(flags: { paused: boolean; down: boolean }): LineState {
    if (flags.paused) return 'paused';
    if (flags.down) return 'down';
    // Before the first exchange nothing is known: the status bar says "checking", not "down".
    if (!this.seen) return 'unknown';
    if (!this.everUp) return 'down';
    if (this.window.some((w) => !w.ok)) return 'degraded';
    const oks = this.window.map((w) => w.ms).sort((a, b) => a - b);
    const median = oks[Math.floor(oks.length / 2)] ?? 0;
    return median > this.slowMs ? 'degraded' : 'up';
  }
}
