/** Card reads with a valid frame but impossible content, per card type, and the check each must fail. */
import { withCheckDigit } from '../../native/idcard/id-number';
import { SAMPLE_CARDS } from '../../native/idcard/sample-cards';
import type { CardCheck } from '../../native/idcard/card-checks';
import type { IdCardData } from '../../native/idcard';

const { residentLongwan, residentLongTerm, hkmoTw, foreignOld, foreign2023 } = SAMPLE_CARDS;

/** The resident number with its 17 first digits changed and a correct check digit again. */
const reNumbered = (first17: string): string => withCheckDigit(first17);

export const IMPOSSIBLE_CARDS: Array<{ what: string; card: IdCardData; fails: CardCheck }> = [
  { what: 'resident: wrong GB 11643 check digit', card: { ...residentLongwan, idNumber: '330303199003151247' }, fails: 'check_digit' },
  { what: 'resident: letters in the number', card: { ...residentLongwan, idNumber: '3303031990O3151246' }, fails: 'id_number_format' },
  { what: 'resident: impossible birth date 1986-13-41', card: { ...residentLongwan, birthDate: '1986-13-41', idNumber: reNumbered('33030319861341124') }, fails: 'birth_date' },
  { what: 'resident: birth date not matching the number', card: { ...residentLongwan, birthDate: '1990-03-16' }, fails: 'birth_matches_number' },
  { what: 'resident: unknown ethnicity code', card: { ...residentLongwan, ethnicity: '77', ethnicityText: undefined }, fails: 'ethnicity' },
  { what: 'resident: validFrom after validTo', card: { ...residentLongwan, validFrom: '2035-06-01', validTo: '2015-06-01' }, fails: 'valid_to' },
  { what: 'resident: validity start 2015-02-30', card: { ...residentLongTerm, validFrom: '2015-02-30' }, fails: 'valid_from' },
  { what: 'resident: sex not matching the number', card: { ...residentLongwan, gender: '1', genderText: '男' }, fails: 'gender_matches_number' },
  { what: 'resident: unknown province', card: { ...residentLongwan, idNumber: reNumbered('99030319900315124') }, fails: 'region' },
  { what: 'residence permit: region other than 81/82/83', card: { ...hkmoTw, idNumber: reNumbered('84000019851201033') }, fails: 'region' },
  { what: 'residence permit: pass number of another region', card: { ...hkmoTw, passNumber: 'M60012345' }, fails: 'pass_number' },
  { what: 'residence permit: validFrom after validTo', card: { ...hkmoTw, validFrom: '2024-02-01' }, fails: 'valid_to' },
  { what: 'foreign 2017: birth date not matching the number', card: { ...foreignOld, birthDate: '1985-06-16' }, fails: 'birth_matches_number' },
  { what: 'foreign 2017: nationality not matching the number', card: { ...foreignOld, nationality: 'CAN' }, fails: 'nationality' },
  { what: 'foreign 2017: digits where the nationality letters go', card: { ...foreignOld, idNumber: 'US1330385061511' }, fails: 'id_number_format' },
  { what: 'foreign 2023: wrong check digit', card: { ...foreign2023, idNumber: '933724198807040124' }, fails: 'check_digit' },
  { what: 'foreign 2023: number not starting with 9', card: { ...foreign2023, idNumber: reNumbered('83372419880704012') }, fails: 'region' },
  { what: 'foreign 2023: birth date 1988-02-30', card: { ...foreign2023, birthDate: '1988-02-30', idNumber: reNumbered('93372419880230012') }, fails: 'birth_date' },
  { what: 'foreign 2023: long-term validity', card: { ...foreign2023, validTo: null, longTerm: true }, fails: 'valid_to' },
];
