import { ETHNICITY_TEXT, GENDER_TEXT } from './codes';
import type { GenderCode, IdCardData } from './types';

/**
 * Fictitious but well-formed cards for emulators, tests and training. The people, addresses and numbers
 * are invented; 18-digit numbers carry a correct GB 11643 check digit.
 */

/** Deterministic stand-in for a card's 1024-byte WLT photo ("WLf" header, then pseudo-random bytes). */
export function fakeWlt(seed: number, length = 1024): Uint8Array {
  const out = new Uint8Array(length);
  out.set([0x57, 0x4c, 0x66, 0x00, 0x7e, 0x00, 0x32, 0x00]);
  let x = seed >>> 0 || 1;
  for (let i = 8; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function gender(g: GenderCode): Pick<IdCardData, 'gender' | 'genderText'> {
  return { gender: g, genderText: GENDER_TEXT[g] };
}

function ethnicity(code: string): Pick<IdCardData, 'ethnicity' | 'ethnicityText'> {
  return { ethnicity: code, ethnicityText: ETHNICITY_TEXT[code] };
}

/** A resident of Longwan district, Wenzhou (温州市龙湾区, prefix 330303). */
export const RESIDENT_LONGWAN: IdCardData = {
  cardType: 'resident',
  name: '林晓雯',
  ...gender('2'),
  ...ethnicity('01'),
  birthDate: '1990-03-15',
  address: '浙江省温州市龙湾区永中街道永宁西路88号',
  idNumber: '330303199003151246',
  issuer: '温州市公安局龙湾分局',
  validFrom: '2015-06-01',
  validTo: '2035-06-01',
  longTerm: false,
  photoWlt: fakeWlt(1),
};

/** Long-term (长期) validity, as issued to people aged 46 and over. */
export const RESIDENT_LONG_TERM: IdCardData = {
  cardType: 'resident',
  name: '王建国',
  ...gender('1'),
  ...ethnicity('01'),
  birthDate: '1960-08-08',
  address: '浙江省温州市龙湾区状元街道横街村新街12号',
  idNumber: '330303196008080316',
  issuer: '温州市公安局龙湾分局',
  validFrom: '2012-09-10',
  validTo: null,
  longTerm: true,
  photoWlt: fakeWlt(2),
};

/** A resident card of an ethnic minority (回族) with a fingerprint on the chip. */
export const RESIDENT_WITH_FINGERPRINT: IdCardData = {
  cardType: 'resident',
  name: '马丽娜',
  ...gender('2'),
  ...ethnicity('03'),
  birthDate: '2001-11-30',
  address: '宁夏回族自治区银川市兴庆区解放东街16号',
  idNumber: '640104200111300281',
  issuer: '银川市公安局兴庆区分局',
  validFrom: '2019-12-01',
  validTo: '2029-12-01',
  longTerm: false,
  photoWlt: fakeWlt(3),
  fingerprint: fakeWlt(4, 1024).map((b, i) => (i === 0 ? 0x43 : b)),
};

/** Residence permit for a Hong Kong resident (flag J, number prefix 810000). */
export const HKMO_TW_PERMIT: IdCardData = {
  cardType: 'hkmo_tw',
  name: '陈家明',
  ...gender('1'),
  birthDate: '1985-12-01',
  address: '浙江省温州市龙湾区蒲州街道龙江路5号',
  idNumber: '810000198512010331',
  issuer: '温州市公安局龙湾分局',
  validFrom: '2019-01-01',
  validTo: '2024-01-01',
  longTerm: false,
  passNumber: 'H60012345',
  issueCount: '01',
  photoWlt: fakeWlt(5),
};

/**
 * Foreign permanent resident ID card, 2017 layout (flag I). Number: nationality USA, acceptance code 3303, born
 * 850615, sequence 1, check digit 1 (7-3-1 weights mod 10, the rule one vendor demo uses; not confirmed officially).
 * The chip carries an accepting-authority code rather than an issuer name, and a card version.
 */
export const FOREIGN_OLD_CARD: IdCardData = {
  cardType: 'foreign_old',
  name: '史密斯',
  nameEn: 'SMITH JOHN ALEXANDER',
  ...gender('1'),
  birthDate: '1985-06-15',
  idNumber: 'USA330385061511',
  issuer: '1500',
  validFrom: '2018-05-20',
  validTo: '2028-05-19',
  longTerm: false,
  nationality: 'USA',
  cardVersion: '01',
  photoWlt: fakeWlt(6),
};

/**
 * Foreign permanent resident ID card, 2023 layout (flag Y). Number: 9, province 33, Spain's numeric code 724, born
 * 19880704, sequence 012, GB 11643 check digit. The English name is longer than 35 characters, so it continues in
 * the second English-name field. No issuer on these cards; previousNumberLink '031' stands for an earlier 2017 card
 * issued with acceptance code 3303, sequence 1.
 */
export const FOREIGN_2023_CARD: IdCardData = {
  cardType: 'foreign_2023',
  name: '玛丽亚',
  nameEn: 'GARCIA LOPEZ MARIA FERNANDA DE LOS ANGELES',
  ...gender('2'),
  birthDate: '1988-07-04',
  idNumber: '933724198807040123',
  validFrom: '2024-01-10',
  validTo: '2034-01-09',
  longTerm: false,
  nationality: 'ESP',
  issueCount: '00',
  previousNumberLink: '031',
  photoWlt: fakeWlt(7),
};

export const SAMPLE_CARDS = {
  residentLongwan: RESIDENT_LONGWAN,
  residentLongTerm: RESIDENT_LONG_TERM,
  residentWithFingerprint: RESIDENT_WITH_FINGERPRINT,
  hkmoTw: HKMO_TW_PERMIT,
  foreignOld: FOREIGN_OLD_CARD,
  foreign2023: FOREIGN_2023_CARD,
} as const satisfies Record<string, IdCardData>;
