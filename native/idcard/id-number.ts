/** GB 11643-1999 citizen identity number check digit (ISO 7064 MOD 11-2). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

/** Check character for the first 17 digits, or null when they are not 17 digits. */
export function gb11643CheckDigit(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** True when `id` is 17 digits followed by the correct check character (X upper or lower case). */
export function isValidGb11643(id: string): boolean {
  if (id.length !== 18) return false;
  const check = gb11643CheckDigit(id.slice(0, 17));
  return check !== null && check === id[17]!.toUpperCase();
}

/** Appends the check character; throws on malformed input (used to build test cards). */
export function withCheckDigit(first17: string): string {
  const c = gb11643CheckDigit(first17);
  if (c === null) throw new RangeError('need 17 digits');
  return first17 + c;
}
