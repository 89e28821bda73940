import { cardCheckFailures } from './card-checks';
import { ETHNICITY_TEXT, GENDER_TEXT, isGenderCode } from './codes';
import { SamError } from './sam-error';
import type { IdCardData, IdCardType } from './types';

/**
 * The 256-byte text block of a card, UCS-2 little-endian, fixed-width fields padded with spaces.
 * Offsets and lengths below are in UCS-2 characters (byte offset = 2 × char offset). The card-type flag
 * sits at character 124 (byte 248): 'J' HK/Macau/Taiwan residence permit, 'I' foreign permanent resident
 * card (2017 layout), 'Y' foreign permanent resident card (2023 layout), anything else a resident ID card.
 */
export const TEXT_BLOCK_BYTES = 256;
const TEXT_CHARS = TEXT_BLOCK_BYTES / 2;
const CARD_TYPE_AT = 124;

type RawKey =
  | 'name' | 'nameEn' | 'nameEn2' | 'gender' | 'ethnicity' | 'birth' | 'address' | 'idNumber' | 'issuer'
  | 'validFrom' | 'validTo' | 'passNumber' | 'issueCount' | 'cardVersion' | 'previousNumberLink' | 'nationality'
  | 'cardType';
type Field = readonly [key: RawKey, at: number, len: number];
type Raw = Partial<Record<RawKey, string>>;

const COMMON_TAIL: readonly Field[] = [
  ['idNumber', 61, 18],
  ['issuer', 79, 15],
  ['validFrom', 94, 8],
  ['validTo', 102, 8],
];

/** GA 467 resident identity card. */
const RESIDENT: readonly Field[] = [
  ['name', 0, 15], ['gender', 15, 1], ['ethnicity', 16, 2], ['birth', 18, 8], ['address', 26, 35], ...COMMON_TAIL,
];

/** Residence permit for Hong Kong, Macau and Taiwan residents (2018). */
const HKMO_TW: readonly Field[] = [
  ['name', 0, 15], ['gender', 15, 1], ['birth', 18, 8], ['address', 26, 35], ...COMMON_TAIL,
  ['passNumber', 110, 9], ['issueCount', 119, 2], ['cardType', CARD_TYPE_AT, 1],
];

/*
 * Foreign layouts, checked against public sources (no real card): the 2017 layout matches the published data-item
 * table (英文姓名 120 bytes, 性别 2, 号码 30, 国籍 6, 中文姓名 30, 签发/终止/出生日期 16 each, 证件版本号 4,
 * 当次申请受理机关代码 8, 'I' 2, 预留 6); both layouts match, field for field, two independent readers of the raw
 * block: the t_idforeigner / t_idforeigner2023 structs of github.com/Johann356/readinfo (PCSCGetData.h) and the byte
 * offsets of a passport-reader vendor's EPRSampleDemo (sdtapi.dll). 新中新's web API shows the same fields read out.
 */

/** Foreign permanent resident ID card, 2017 layout, flag 'I' (15 characters: 3 letters + 12 digits). */
const FOREIGN_OLD: readonly Field[] = [
  ['nameEn', 0, 60], ['gender', 60, 1], ['idNumber', 61, 15], ['nationality', 76, 3], ['name', 79, 15],
  ['validFrom', 94, 8], ['validTo', 102, 8], ['birth', 110, 8], ['cardVersion', 118, 2], ['issuer', 120, 4],
  ['cardType', CARD_TYPE_AT, 1],
  // 125-127 reserved
];

/**
 * Foreign permanent resident ID card, 2023 layout, flag 'Y' (18-digit number starting with 9, MOD 11-2 check digit).
 * It follows the resident card's positions: the renewal count (换证次数) sits where the ethnicity code is, the first
 * 35 characters of the English name where the address is. Characters 79-93 (the resident card's issuer) are
 * reserved: the card carries no issuing authority. Characters 36-46 of the English name continue at 110.
 * The last 3 characters link to the holder's previous 15-character number. A vendor demo rebuilds that number as
 * nationality + characters 2-3 of the new number + link[0..2] + YYMMDD of birth + link[2] + a check digit (7-3-1
 * weights mod 10, letters A=10…Z=35), and a public test-data generator describes the old number the same way; but a
 * reader vendor's published specimen (CAN110081080319) does not satisfy that check digit, and whether "no previous
 * card" reads blank or "000" is not documented; so the link is kept raw and no old number is derived.
 */
const FOREIGN_2023: readonly Field[] = [
  ['name', 0, 15], ['gender', 15, 1], ['issueCount', 16, 2], ['birth', 18, 8], ['nameEn', 26, 35], ['idNumber', 61, 18],
  // 79-93 reserved
  ['validFrom', 94, 8], ['validTo', 102, 8], ['nameEn2', 110, 11], ['nationality', 121, 3],
  ['cardType', CARD_TYPE_AT, 1], ['previousNumberLink', 125, 3],
];

/** 2023 layout: the English name is split after this many characters. */
const NAME_EN_SPLIT = 35;

const LAYOUTS: Record<IdCardType, readonly Field[]> = {
  resident: RESIDENT,
  hkmo_tw: HKMO_TW,
  foreign_old: FOREIGN_OLD,
  foreign_2023: FOREIGN_2023,
};

const TYPE_FLAG: Record<IdCardType, string> = { resident: ' ', hkmo_tw: 'J', foreign_old: 'I', foreign_2023: 'Y' };

const LONG_TERM = '长期';

function utf16le(bytes: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(bytes);
}

function clean(s: string): string {
  return s.replace(/[\s\u0000]+$/u, '').replace(/^[\s\u0000]+/u, '');
}

export function cardTypeOf(text: Uint8Array): IdCardType {
  const flag = String.fromCharCode(text[CARD_TYPE_AT * 2]! | (text[CARD_TYPE_AT * 2 + 1]! << 8));
  if (flag === 'J') return 'hkmo_tw';
  if (flag === 'I') return 'foreign_old';
  if (flag === 'Y') return 'foreign_2023';
  return 'resident';
}

function bad(what: string): SamError {
  return new SamError('bad_response', `card text block has an invalid ${what}`);
}

function isoDate(yyyymmdd: string | undefined, what: string): string {
  if (!yyyymmdd || !/^\d{8}$/.test(yyyymmdd)) throw bad(what);
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Decodes a 256-byte text block. Throws SamError('bad_response') on malformed content and SamError('invalid_card')
 * when well-formed content fails the card type's checks (card-checks.ts).
 */
export function decodeIdText(text: Uint8Array, photoWlt: Uint8Array, fingerprint?: Uint8Array): IdCardData {
  if (text.length !== TEXT_BLOCK_BYTES) throw bad('length');
  const cardType = cardTypeOf(text);
  const raw: Raw = {};
  const untrimmed: Raw = {};
  for (const [key, at, len] of LAYOUTS[cardType]) {
    untrimmed[key] = utf16le(text.subarray(at * 2, (at + len) * 2));
    raw[key] = clean(untrimmed[key]);
  }

  const gender = raw.gender ?? '';
  if (!isGenderCode(gender)) throw bad('gender');
  if (!raw.idNumber) throw bad('number');
  const nameEn = cardType === 'foreign_2023' ? joinNameEn(untrimmed.nameEn ?? '', untrimmed.nameEn2 ?? '') : raw.nameEn;
  const longTerm = raw.validTo === LONG_TERM;
  const card: IdCardData = {
    cardType,
    name: raw.name || nameEn || '',
    gender,
    genderText: GENDER_TEXT[gender],
    birthDate: isoDate(raw.birth, 'birth date'),
    idNumber: raw.idNumber,
    validFrom: isoDate(raw.validFrom, 'validity start'),
    validTo: longTerm ? null : isoDate(raw.validTo, 'validity end'),
    longTerm,
    photoWlt,
  };
  if (!card.name) throw bad('name');
  if (nameEn) card.nameEn = nameEn;
  if (raw.ethnicity) {
    card.ethnicity = raw.ethnicity;
    const t = ETHNICITY_TEXT[raw.ethnicity];
    if (t) card.ethnicityText = t;
  }
  for (const key of ['address', 'issuer', 'nationality', 'passNumber', 'issueCount', 'cardVersion', 'previousNumberLink'] as const) {
    if (raw[key]) card[key] = raw[key];
  }
  if (fingerprint && fingerprint.length > 0) card.fingerprint = fingerprint;
  const failed = cardCheckFailures(card);
  if (failed.length > 0) {
    throw new SamError('invalid_card', `card content failed checks: ${failed.join(', ')}`, { checks: failed });
  }
  return card;
}

/**
 * The 2023 English name from its two fields. Each part is trimmed first: a writer that ends the first field at a
 * word leaves it padded ("SMITH JOHN⎵⎵⎵…" + "ALBERT"), and the parts are then separate words; a first field filled
 * to its last character was cut inside a word ("…DE LOS A" + "NGELES") and continues directly. Runs of spaces
 * inside the name become one.
 */
function joinNameEn(first: string, second: string): string {
  const a = clean(first);
  const b = clean(second);
  if (!b) return a.replace(/\s+/g, ' ');
  const cutInWord = a.length === NAME_EN_SPLIT && !/^\s/.test(second);
  return (cutInWord ? a + b : `${a} ${b}`).replace(/\s+/g, ' ');
}

function compactDate(iso: string): string {
  return iso.replaceAll('-', '');
}

/**
 * Encodes a card's text block exactly as the chip stores it (used by the emulator and tests).
 * Throws RangeError when a value does not fit its field.
 */
export function encodeIdText(card: IdCardData): Uint8Array {
  const raw: Raw = {
    // a foreign holder without a Chinese name has an empty Chinese-name field (decoding falls back to the English name)
    name: (card.cardType === 'foreign_old' || card.cardType === 'foreign_2023') && card.name === card.nameEn ? '' : card.name,
    gender: card.gender,
    ethnicity: card.ethnicity,
    birth: compactDate(card.birthDate),
    address: card.address,
    idNumber: card.idNumber,
    issuer: card.issuer,
    validFrom: compactDate(card.validFrom),
    validTo: card.validTo === null ? LONG_TERM : compactDate(card.validTo),
    passNumber: card.passNumber,
    issueCount: card.issueCount,
    cardVersion: card.cardVersion,
    previousNumberLink: card.previousNumberLink,
    nationality: card.nationality,
    cardType: TYPE_FLAG[card.cardType],
  };
  const layout = LAYOUTS[card.cardType];
  if (card.nameEn) {
    if (card.cardType === 'foreign_2023') {
      raw.nameEn = card.nameEn.slice(0, NAME_EN_SPLIT);
      raw.nameEn2 = card.nameEn.slice(NAME_EN_SPLIT);
    } else raw.nameEn = card.nameEn;
  }
  const chars = new Array<string>(TEXT_CHARS).fill(' ');
  for (const [key, at, len] of layout) {
    const v = raw[key] ?? '';
    if (v.length > len) throw new RangeError(`${key} does not fit (${len} characters)`);
    for (let i = 0; i < v.length; i++) chars[at + i] = v[i]!;
  }
  const out = new Uint8Array(TEXT_BLOCK_BYTES);
  chars.forEach((c, i) => {
    const code = c.charCodeAt(0);
    out[i * 2] = code & 0xff;
    out[i * 2 + 1] = code >> 8;
  });
  return out;
}
