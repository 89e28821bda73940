import { fullJitterDelay } from './backoff';

/**
 * The jitter grows to at most 2^MAX_DOUBLINGS Retry-Afters: enough to spread a fleet over several seconds, while a
 * terminal that was unlucky a few times in a row is not left waiting a minute behind the others (the fleet run in
 * tests/fleet measured the starving tail of an uncapped doubling).
 */
const MAX_DOUBLINGS = 3;

/**
 * A server's "not now" (429, or 503 with Retry-After) as one hold for everything this terminal sends to that server:
 * writes, health probes, change polls and case reads of every lane whose endpoint has the same origin. One hold per
 * origin per terminal (an engine); lanes of different origins (the usual si and tax back offices) do not hold each other.
 *
 * The wait is at least Retry-After (the contract: "wait at least that long") plus full jitter that doubles with each
 * throttle in a row (up to 2^MAX_DOUBLINGS), so a fleet told "1 second" at the same moment does not come back in the same second; without a
 * Retry-After the plain full-jitter backoff applies.
 */
export class ThrottleHold {
  /** Nothing goes to the origin before this instant (ms). */
  until = 0;
  /** Throttled answers in a row; an accepted write ends the run. */
  private streak = 0;
  /** Writes accepted since the last throttled answer (Infinity: never throttled). */
  private acceptedSince = Number.POSITIVE_INFINITY;

  constructor(
    private readonly baseMs: number,
    private readonly capMs: number,
    private readonly random: () => number,
  ) {}

  /** Records a throttled answer at `now`; returns the instant until which the origin is held. */
  throttled(now: number, retryAfterMs: number | null): number {
    // Answers to requests sent together (a lane's concurrent batches, the other lane) arrive while the hold they caused
    // is in force: one refusal, not several in a row.
    if (now < this.until) return this.until;
    this.streak++;
    this.acceptedSince = 0;
    const floor = retryAfterMs ?? 0;
    const spread = fullJitterDelay(Math.min(this.streak, MAX_DOUBLINGS + 1), Math.max(floor, this.baseMs), this.capMs, this.random);
    this.until = Math.max(this.until, now + floor + spread);
    return this.until;
  }

  /** A write was accepted: the server has room again. */
  accepted(): void {
    this.streak = 0;
    this.acceptedSince++;
  }

  /**
   * How many writes a lane may have in flight to the origin: `max` normally; one from a refusal until a write is
   * accepted, then one more for each accepted write (1, 2, 3 … up to `max`). After a hold the lane tries the server
   * with one write instead of `max` at once, and a server that took one write is not sent `max` at once either: it
   * was full a moment ago. A fleet whose terminals each sent `max` writes into a full server got back mostly
   * refusals, and every refused request is load on the server and a request in its peak.
   */
  writeRoom(max: number): number {
    return this.streak > 0 ? 1 : Math.min(max, 1 + this.acceptedSince);
  }

  held(now: number): boolean {
    return now < this.until;
  }
}

function originOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).origin;
  } catch {
    return url; // an unusable URL fails at the lane's start; it holds only itself
  }
}

/** The holds of one terminal, one per origin (scheme, host and port of an endpoint URL). */
export class ThrottleHolds {
  private readonly byOrigin = new Map<string, ThrottleHold>();

  constructor(
    private readonly baseMs: number,
    private readonly capMs: number,
    private readonly random: () => number,
  ) {}

  forUrl(url: string | null): ThrottleHold {
    const origin = originOf(url);
    let hold = this.byOrigin.get(origin);
    if (!hold) this.byOrigin.set(origin, (hold = new ThrottleHold(this.baseMs, this.capMs, this.random)));
    return hold;
  }
}
