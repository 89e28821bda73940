/** Fault injection for one endpoint: seeded random draws and a shared full-duplex line bandwidth model. */
import { CapacityGate, type Refusal } from './capacity';
import type { SimFaults } from './types';

/** mulberry32: a small, well-known seeded PRNG; deterministic for a given seed and request order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What happens to one request. Drawn once per request, always five draws in the same order. */
export interface FaultPlan {
  errorStatus?: number;
  throttleRetryAfterSec?: number;
  reset: boolean;
  timeout: boolean;
  truncate: boolean;
}

/** Request bodies go up (terminal → server), answers come down. */
export type LineDirection = 'up' | 'down';

export class EndpointFaults {
  private faults: SimFaults;
  private readonly random: () => number;
  /** When each direction of the shared line is next free (ms since epoch). */
  private readonly lineFreeAt: Record<LineDirection, number> = { up: 0, down: 0 };
  private capacity: CapacityGate | null = null;

  constructor(seed: number, initial: SimFaults = {}) {
    this.random = seededRandom(seed);
    this.faults = { ...initial };
  }

  get current(): SimFaults {
    return { ...this.faults };
  }

  set(faults: SimFaults): void {
    this.faults = { ...faults };
  }

  patch(faults: Partial<SimFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  plan(): FaultPlan {
    const f = this.faults;
    const [uError, uThrottle, uReset, uTimeout, uTruncate] = [this.random(), this.random(), this.random(), this.random(), this.random()] as const;
    const plan: FaultPlan = { reset: false, timeout: false, truncate: false };
    let cumulative = 0;
    for (const { status, rate } of f.errorRate ?? []) {
      cumulative += rate;
      if (uError < cumulative) {
        plan.errorStatus = status;
        break;
      }
    }
    if (f.throttle && uThrottle < f.throttle.rate) plan.throttleRetryAfterSec = f.throttle.retryAfterSec;
    plan.reset = uReset < (f.resetRate ?? 0);
    plan.timeout = uTimeout < (f.timeoutRate ?? 0);
    plan.truncate = uTruncate < (f.truncateRate ?? 0);
    return plan;
  }

  /**
   * Reserves the line for `bytes` in one direction and resolves when they would have crossed it. All connections of
   * the endpoint share one line, so concurrent transfers in the same direction queue behind each other like on a
   * real private line; the line is full duplex (as leased lines are), so answers going down never wait behind
   * request bodies going up.
   */
  async transfer(bytes: number, direction: LineDirection = 'up'): Promise<void> {
    const bps = this.faults.bandwidthBytesPerSec;
    if (!bps || bps <= 0 || bytes <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.lineFreeAt[direction]);
    this.lineFreeAt[direction] = start + (bytes * 1000) / bps;
    await sleep(this.lineFreeAt[direction] - now);
  }

  /** Charges a request's cost to the endpoint's capacity (when one is set); null when admitted. */
  admit(cost: number): Refusal | null {
    const c = this.faults.capacity;
    if (!c) return null;
    if (this.capacity?.options !== c) this.capacity = new CapacityGate(c);
    return this.capacity.admit(cost);
  }

  async latency(): Promise<void> {
    const ms = this.faults.latencyMs ?? 0;
    if (ms > 0) await sleep(ms);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
