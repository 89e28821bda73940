/** Generators of realistic personal data for the logging tests (valid check digits). */
import fc from 'fast-check';
import { idCheckChar } from '../../../src-main/contract/validation';

export function idNumber(first17: string): string {
  return first17 + idCheckChar(first17)!;
}

/** Appends the Luhn check digit. */
export function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = body + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let digit = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

export const arbIdNumber = fc
  .tuple(digits(6), fc.integer({ min: 1930, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(3))
  .map(([area, y, m, d, seq]) => idNumber(`${area}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`));

export const arbMobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, rest]) => `1${b}${rest}`);

export const arbBankCard = fc
  .tuple(fc.constantFrom('622202', '621700', '622848', '623058'), fc.integer({ min: 16, max: 19 }))
  .chain(([bin, len]) => digits(len - bin.length - 1).map((mid) => luhnComplete(bin + mid)));

export const arbChineseName = fc
  .tuple(
    fc.constantFrom('王', '李', '张', '刘', '陈', '欧阳', '诸葛'),
    fc.array(fc.constantFrom('伟', '芳', '娜', '秀', '英', '敏', '静', '丽', '强', '磊', '军', '洋'), { minLength: 1, maxLength: 2 }),
  )
  .map(([family, given]) => family + given.join(''));
