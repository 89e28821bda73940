/**
 * An endpoint's capacity: a token bucket refilled at `perSec` case revisions a second, holding at most one second's
 * worth. A write costs the case revisions it carries (a PUT one, a batch its items); reads (health, changes, a case)
 * cost nothing. A write that finds too few tokens is refused before anything is applied: `429 throttled` with
 * `Retry-After` (whole seconds until the bucket holds enough), or `503` when the endpoint is set to answer so.
 */
export interface CapacityOptions {
  perSec: number;
  /** How an over-capacity write is refused. Default 429. */
  overload?: 429 | 503;
}

export interface Refusal {
  status: 429 | 503;
  retryAfterSec: number;
}

export class CapacityGate {
  private tokens: number;
  private at: number;

  constructor(
    readonly options: CapacityOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.perSec > 0)) throw new Error('capacity: perSec must be positive');
    this.tokens = options.perSec;
    this.at = now();
  }

  /** Takes `cost` tokens (a batch larger than the bucket needs a full bucket and leaves it in debt); null when admitted. */
  admit(cost: number): Refusal | null {
    if (cost <= 0) return null;
    const { perSec } = this.options;
    const now = this.now();
    this.tokens = Math.min(perSec, this.tokens + ((now - this.at) / 1000) * perSec);
    this.at = now;
    const need = Math.min(cost, perSec);
    if (this.tokens >= need) {
      this.tokens -= cost;
      return null;
    }
    return { status: this.options.overload ?? 429, retryAfterSec: Math.max(1, Math.ceil((need - this.tokens) / perSec)) };
  }
}

/** What a request costs against the capacity: the case revisions a write carries; reads are free. */
export function requestCost(method: string, body: unknown): number {
  if (method === 'GET' || method === 'HEAD') return 0;
  const items = (body as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? Math.max(1, items.length) : 1;
}
