import type { Db } from '../db/open';

/**
 * Wrong PINs per user id, kept in `kv` so a restart does not reset them. The first FREE failures cost nothing; each
 * one after that doubles the wait before the next attempt is even checked (2 s, 4 s, 8 s … up to LOCK_MS), so
 * guessing a 6-digit PIN takes years. A correct PIN clears the count.
 */
export const FREE_FAILURES = 3;
export const LOCK_MS = 15 * 60_000;

interface Failures {
  count: number;
  lastAt: number;
}

export function waitAfter(count: number): number {
  if (count < FREE_FAILURES) return 0;
  return Math.min(2000 * 2 ** (count - FREE_FAILURES), LOCK_MS);
}

export function createSignInThrottle(db: Db, clock: () => number) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
  const put = db.prepare('INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at');
  const del = db.prepare('DELETE FROM kv WHERE key = ?');
  const key = (userId: string) => `signin.failures.${userId}`;
  const read = (userId: string): Failures => {
    const row = get.get(key(userId));
    return row ? (JSON.parse(row.value) as Failures) : { count: 0, lastAt: 0 };
  };
  return {
    /** Milliseconds to wait before this id may try again (0: now). */
    retryAfterMs(userId: string): number {
      const f = read(userId);
      return Math.max(0, f.lastAt + waitAfter(f.count) - clock());
    },
    failed(userId: string): number {
      const f = read(userId);
      const next = { count: f.count + 1, lastAt: clock() };
      put.run(key(userId), JSON.stringify(next), new Date(next.lastAt).toISOString());
      return next.count;
    },
    succeeded(userId: string): void {
      del.run(key(userId));
    },
  };
}
