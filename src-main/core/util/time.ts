/** RFC 3339 timestamp in UTC with milliseconds, e.g. 2026-11-28T01:15:02.120Z. */
export function nowIso(clock: () => number = Date.now): string {
  return new Date(clock()).toISOString();
}

/** RFC 3339 timestamp with the +08:00 offset used by the private lines. */
export function toChinaTime(ms: number): string {
  const shifted = new Date(ms + 8 * 3600_000).toISOString(); // 2026-11-28T09:15:02.120Z
  return shifted.slice(0, 23) + '+08:00';
}

/** The UTC instants [start, end) of a China calendar day (YYYY-MM-DD), as accepted_at and audit times are stored. */
export function chinaDayRange(day: string): [string, string] {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  return [new Date(start).toISOString(), new Date(start + 86_400_000).toISOString()];
}

/** The calendar date (YYYY-MM-DD) in China for an instant. */
export function chinaDate(ms: number): string {
  return toChinaTime(ms).slice(0, 10);
}
