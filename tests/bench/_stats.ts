import { idCheckChar } from '../../src-main/contract/validation';

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A valid resident ID number from its first 17 characters (GB 11643 check character appended). */
export function idNumberOf(first17: string): string {
  return first17 + idCheckChar(first17)!;
}
