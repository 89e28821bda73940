import { createHash } from 'node:crypto';

export interface Random {
  /** A number in [0, 1). */
  next(): number;
}

/**
 * A small deterministic generator (xorshift32) seeded from a string, so that the practice bank made from one catalog
 * is the same on every terminal and in every run, and a shuffled quiz can be replayed from its seed.
 */
export function seededRandom(seed: string): Random {
  let x = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return {
    next() {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x / 0x1_0000_0000;
    },
  };
}

/** A copy of `list` in an order fixed by `rnd` (Fisher–Yates). */
export function shuffled<T>(list: readonly T[], rnd: Random): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** One element of `list` chosen by `rnd`, or undefined for an empty list. */
export function pick<T>(list: readonly T[], rnd: Random): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(rnd.next() * list.length)];
}
