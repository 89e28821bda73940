/**
 * The simulator keeps no personal data in clear: a case's form is masked before it is stored (the applicant block,
 * signature and feedback are never stored at all). Numbers keep their first three and last four digits
 * (`180****1999`), free text (names, addresses, remarks) keeps its first character (`浙**********`); short codes
 * (enumerations, periods such as `2026-11`, amounts) stay as they are, since the simulator's answers depend on none
 * of the masked values once a revision has been accepted.
 */
const CODE = /^[A-Za-z0-9_.:-]{1,24}$/;
const LONG_DIGITS = /\d{7,}/;

export function maskValue(value: string): string {
  if (CODE.test(value) && !LONG_DIGITS.test(value)) return value;
  const chars = Array.from(value);
  if (LONG_DIGITS.test(value) && chars.length >= 9) return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** A deep copy of a form with every string value masked. */
export function maskForm<T>(value: T): T {
  if (typeof value === 'string') return maskValue(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskForm(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskForm(v)])) as T;
  return value;
}
