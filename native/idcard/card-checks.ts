import { ETHNICITY_TEXT } from './codes';
import { gb11643CheckDigit } from './id-number';
import type { IdCardData, IdCardType } from './types';

/**
 * Content checks of a decoded card. A frame's XOR checksum only proves the bytes crossed the wire intact; a SAM that
 * misreads the chip, a damaged card or a forged one can still deliver impossible content. Each check has a name
 * (logged and counted, never the values: they are personal data).
 */
export type CardCheck =
  | 'name' // present, no control characters, no run of spaces
  | 'gender' // 1 (male) or 2 (female)
  | 'id_number_format' // the card type's number pattern
  | 'check_digit' // GB 11643 (ISO 7064 MOD 11-2) check character
  | 'region' // province / region code known for the card type
  | 'birth_date' // a real calendar date after 1900
  | 'birth_matches_number' // the birth date embedded in the number
  | 'gender_matches_number' // odd sequence digit male, even female (18-character numbers)
  | 'ethnicity' // a known GB 3304 code on resident cards, none on the others
  | 'valid_from' // a real calendar date, not before the birth date
  | 'valid_to' // a real calendar date after validFrom, or long-term on resident cards only
  | 'address' // present on resident cards and residence permits
  | 'issuer' // present on resident cards and residence permits, a 4-digit code on 2017 foreign cards
  | 'nationality' // 3 capital letters on foreign cards (and the 2017 number's first three)
  | 'pass_number' // HK H/Macau M + 8 digits, Taiwan 8 digits, matching the number's region
  | 'issue_count' // 2 digits
  | 'card_version' // 2 digits (2017 foreign cards)
  | 'previous_number_link'; // 3 digits when present (2023 foreign cards)

/** GB/T 2260 province-level codes (the first two digits of an 18-digit number). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45',
  '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71',
]);
/** Residence-permit number prefixes: Hong Kong, Macau, Taiwan. */
const PERMIT_REGIONS: Record<string, RegExp> = { '810000': /^H\d{8}$/, '820000': /^M\d{8}$/, '830000': /^\d{8}$/ };

/** True for a real YYYY-MM-DD calendar date from 1900 on. */
function isRealDate(iso: string | undefined | null): iso is string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  if (y < 1900) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const compact = (iso: string): string => iso.replaceAll('-', '');

function checkName(card: IdCardData, fail: (c: CardCheck) => void): void {
  for (const n of [card.name, card.nameEn]) {
    if (n === undefined) continue;
    if (!n || n !== n.trim() || / {2}/.test(n) || /[\u0000-\u001f\u007f\ufffd]/.test(n)) fail('name');
  }
}

/** 18-character numbers (resident, residence permit, 2023 foreign): format, check digit, birth and sex. */
function checkNumber18(card: IdCardData, fail: (c: CardCheck) => void): void {
  const id = card.idNumber;
  if (!/^\d{17}[\dX]$/.test(id)) {
    fail('id_number_format');
    return;
  }
  if (gb11643CheckDigit(id.slice(0, 17)) !== id[17]) fail('check_digit');
  if (isRealDate(card.birthDate) && id.slice(6, 14) !== compact(card.birthDate)) fail('birth_matches_number');
  const male = Number(id[16]) % 2 === 1;
  if ((card.gender === '1' || card.gender === '2') && male !== (card.gender === '1')) fail('gender_matches_number');
}

const TYPE_CHECKS: Record<IdCardType, (card: IdCardData, fail: (c: CardCheck) => void) => void> = {
  resident(card, fail) {
    checkNumber18(card, fail);
    if (!PROVINCES.has(card.idNumber.slice(0, 2))) fail('region');
    if (!card.ethnicity || !(card.ethnicity in ETHNICITY_TEXT)) fail('ethnicity');
    if (!card.address) fail('address');
    if (!card.issuer) fail('issuer');
  },
  hkmo_tw(card, fail) {
    checkNumber18(card, fail);
    const pass = PERMIT_REGIONS[card.idNumber.slice(0, 6)];
    if (!pass) fail('region');
    else if (!card.passNumber || !pass.test(card.passNumber)) fail('pass_number');
    if (card.ethnicity !== undefined) fail('ethnicity');
    if (!card.address) fail('address');
    if (!card.issuer) fail('issuer');
    if (!card.issueCount || !/^\d{2}$/.test(card.issueCount)) fail('issue_count');
  },
  foreign_old(card, fail) {
    const id = card.idNumber;
    if (!/^[A-Z]{3}\d{12}$/.test(id)) fail('id_number_format');
    else if (isRealDate(card.birthDate) && id.slice(7, 13) !== compact(card.birthDate).slice(2)) fail('birth_matches_number');
    if (!card.nationality || !/^[A-Z]{3}$/.test(card.nationality) || !id.startsWith(card.nationality)) fail('nationality');
    if (card.ethnicity !== undefined) fail('ethnicity');
    if (!card.issuer || !/^\d{4}$/.test(card.issuer)) fail('issuer');
    if (card.cardVersion !== undefined && !/^\d{2}$/.test(card.cardVersion)) fail('card_version');
  },
  foreign_2023(card, fail) {
    checkNumber18(card, fail);
    if (card.idNumber[0] !== '9' || !PROVINCES.has(card.idNumber.slice(1, 3))) fail('region');
    if (!card.nationality || !/^[A-Z]{3}$/.test(card.nationality)) fail('nationality');
    if (card.ethnicity !== undefined) fail('ethnicity');
    if (card.issueCount !== undefined && !/^\d{2}$/.test(card.issueCount)) fail('issue_count');
    if (card.previousNumberLink !== undefined && !/^\d{3}$/.test(card.previousNumberLink)) fail('previous_number_link');
  },
};

/** The checks `card` fails, in a stable order; empty when its content is plausible for its card type. */
export function cardCheckFailures(card: IdCardData): CardCheck[] {
  const failed = new Set<CardCheck>();
  const fail = (c: CardCheck): void => void failed.add(c);
  checkName(card, fail);
  if (card.gender !== '1' && card.gender !== '2') fail('gender');
  const birthOk = isRealDate(card.birthDate);
  if (!birthOk) fail('birth_date');
  if (!isRealDate(card.validFrom) || (birthOk && card.validFrom < card.birthDate)) fail('valid_from');
  if (card.longTerm) {
    if (card.cardType !== 'resident' || card.validTo !== null) fail('valid_to');
  } else if (!isRealDate(card.validTo) || (isRealDate(card.validFrom) && card.validTo <= card.validFrom)) fail('valid_to');
  TYPE_CHECKS[card.cardType](card, fail);
  return [...failed].sort();
}
