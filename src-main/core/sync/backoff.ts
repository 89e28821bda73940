/**
 * Capped exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a uniformly random delay in [0, min(cap, base * 2^(attempt-1))). `attempt` counts from 1.
 */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.floor(random() * exp);
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds from `nowMs`; null when absent
 * or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
