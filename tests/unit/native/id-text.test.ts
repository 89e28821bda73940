import { describe, expect, it } from 'vitest';
import { ETHNICITY_TEXT, SamError, cardTypeOf, decodeIdText, encodeIdText, gb11643CheckDigit, isValidGb11643 } from '../../../native/idcard';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';

/** Independent reference: sum of digit × 2^(17-i) mod 11 (the ISO 7064 definition, not the weight table). */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11]!;
}

describe('GB 11643 check digit', () => {
  it('accepts valid and rejects invalid numbers', () => {
    expect(gb11643CheckDigit('11010519491231002')).toBe('X'); // the standard's own example
    expect(isValidGb11643('11010519491231002X')).toBe(true);
    expect(isValidGb11643('11010519491231002x')).toBe(true);
    expect(isValidGb11643('110105194912310021')).toBe(false);
    expect(isValidGb11643('1101051949123100')).toBe(false);
    expect(gb11643CheckDigit('1101051949123100A')).toBeNull();
  });

  it('every sample card with an 18-digit number has the right check digit', () => {
    for (const card of Object.values(SAMPLE_CARDS)) {
      if (card.idNumber.length !== 18) continue;
      expect(card.idNumber[17]).toBe(referenceCheck(card.idNumber.slice(0, 17)));
      expect(isValidGb11643(card.idNumber)).toBe(true);
    }
    expect(SAMPLE_CARDS.residentLongwan.idNumber.startsWith('330303')).toBe(true);
    expect(SAMPLE_CARDS.foreign2023.idNumber.startsWith('9')).toBe(true);
  });
});

describe('text block', () => {
  it('has 56 ethnicities in GB 3304', () => {
    for (let i = 1; i <= 56; i++) expect(ETHNICITY_TEXT[String(i).padStart(2, '0')]).toBeTruthy();
  });

  it.each(Object.entries(SAMPLE_CARDS))('round-trips %s through the 256-byte UCS-2LE block', (_, card) => {
    const text = encodeIdText(card);
    expect(text.length).toBe(256);
    expect(cardTypeOf(text)).toBe(card.cardType);
    const decoded = decodeIdText(text, card.photoWlt, card.fingerprint);
    expect(decoded).toEqual(card);
  });

  it('stores the resident name as UCS-2LE at byte 0 and the number at byte 122', () => {
    const text = encodeIdText(SAMPLE_CARDS.residentLongwan);
    expect(Buffer.from(text.subarray(0, 6)).toString('utf16le')).toBe('林晓雯');
    expect(Buffer.from(text.subarray(122, 158)).toString('utf16le')).toBe('330303199003151246');
    expect(Buffer.from(text.subarray(248, 250)).toString('utf16le')).toBe(' ');
  });

  it('decodes 长期 validity as validTo null + longTerm', () => {
    const text = encodeIdText(SAMPLE_CARDS.residentLongTerm);
    expect(Buffer.from(text.subarray(204, 208)).toString('utf16le')).toBe('长期');
    const d = decodeIdText(text, new Uint8Array(1024));
    expect(d.validTo).toBeNull();
    expect(d.longTerm).toBe(true);
  });

  it('puts the J / I / Y card-type flag at byte 248', () => {
    expect(String.fromCharCode(encodeIdText(SAMPLE_CARDS.hkmoTw)[248]!)).toBe('J');
    expect(String.fromCharCode(encodeIdText(SAMPLE_CARDS.foreignOld)[248]!)).toBe('I');
    expect(String.fromCharCode(encodeIdText(SAMPLE_CARDS.foreign2023)[248]!)).toBe('Y');
  });

  it('rejects a corrupted block with a typed error', () => {
    const text = encodeIdText(SAMPLE_CARDS.residentLongwan);
    text[36] = 0x41; // birth date's first character → 'A'
    expect(() => decodeIdText(text, new Uint8Array(0))).toThrow(SamError);
    expect(() => decodeIdText(new Uint8Array(10), new Uint8Array(0))).toThrow(SamError);
  });
});

/**
 * A 256-byte block of UCS-2LE spaces with each string written at a BYTE offset taken from public readers of the raw
 * block (the 2017 data-item table, Johann356/readinfo PCSCGetData.h, a vendor's EPRSampleDemo), not from id-text.ts.
 */
function handBuilt(fields: ReadonlyArray<readonly [byteAt: number, text: string]>): Uint8Array {
  const buf = Buffer.alloc(256);
  for (let i = 0; i < 256; i += 2) buf.write(' ', i, 'utf16le');
  for (const [at, text] of fields) expect(buf.write(text, at, 'utf16le')).toBe(text.length * 2);
  return new Uint8Array(buf);
}

describe('foreign permanent resident ID cards', () => {
  const photo = new Uint8Array(1024);

  it('decodes a hand-built 2017 (I) block field by field', () => {
    const text = handBuilt([
      [0, 'SMITH JOHN ALEXANDER'], // English name, 120 bytes
      [120, '1'], // gender
      [122, 'USA330385061511'], // number, 30 bytes
      [152, 'USA'], // nationality, 6 bytes
      [158, '史密斯'], // Chinese name, 30 bytes
      [188, '20180520'], // issued
      [204, '20280519'], // expires
      [220, '19850615'], // birth
      [236, '01'], // card version, 4 bytes
      [240, '1500'], // accepting authority code, 8 bytes
      [248, 'I'],
    ]);
    const card = decodeIdText(text, photo);
    expect(card).toStrictEqual({
      cardType: 'foreign_old',
      name: '史密斯',
      nameEn: 'SMITH JOHN ALEXANDER',
      gender: '1',
      genderText: '男',
      birthDate: '1985-06-15',
      idNumber: 'USA330385061511',
      issuer: '1500',
      validFrom: '2018-05-20',
      validTo: '2028-05-19',
      longTerm: false,
      nationality: 'USA',
      cardVersion: '01',
      photoWlt: photo,
    });
    expect(card).toEqual({ ...SAMPLE_CARDS.foreignOld, photoWlt: photo });
    expect(encodeIdText(card)).toEqual(text);
  });

  it('decodes a hand-built 2023 (Y) block field by field, joining the two English-name fields', () => {
    const first = 'GARCIA LOPEZ MARIA FERNANDA DE LOS '; // characters 1-35 of the English name
    expect(first.length).toBe(35);
    const text = handBuilt([
      [0, '玛丽亚'], // Chinese name, 30 bytes
      [30, '2'], // gender
      [32, '00'], // renewal count, 4 bytes
      [36, '19880704'], // birth
      [52, first], // English name 1-35, 70 bytes
      [122, '933724198807040123'], // number, 36 bytes
      // 158-187 reserved
      [188, '20240110'], // issued
      [204, '20340109'], // expires
      [220, 'ANGELES'], // English name 36-46, 22 bytes
      [242, 'ESP'], // nationality, 6 bytes
      [248, 'Y'],
      [250, '031'], // link to the previous (2017-layout) number, 6 bytes
    ]);
    const card = decodeIdText(text, photo);
    expect(card).toStrictEqual({
      cardType: 'foreign_2023',
      name: '玛丽亚',
      nameEn: 'GARCIA LOPEZ MARIA FERNANDA DE LOS ANGELES',
      gender: '2',
      genderText: '女',
      birthDate: '1988-07-04',
      idNumber: '933724198807040123',
      validFrom: '2024-01-10',
      validTo: '2034-01-09',
      longTerm: false,
      nationality: 'ESP',
      issueCount: '00',
      previousNumberLink: '031',
      photoWlt: photo,
    });
    expect(card).toEqual({ ...SAMPLE_CARDS.foreign2023, photoWlt: photo });
    expect(encodeIdText(card)).toEqual(text);
  });

  it('2023: keeps a space that starts the second English-name field, falls back to the English name, ignores the reserved field', () => {
    const first = 'VAN DER BERGHE-HOLLINGSWORTH SOPHIA';
    expect(first.length).toBe(35);
    const text = handBuilt([
      [30, '2'], [32, '01'], [36, '19790228'], [52, first], [122, '911840197902280024'],
      [158, '国家移民管理局'], // reserved on this layout: not an issuer
      [188, '20231201'], [204, '20331130'], [220, ' MARIE'], [242, 'USA'], [248, 'Y'],
    ]);
    const card = decodeIdText(text, photo);
    expect(card).toStrictEqual({
      cardType: 'foreign_2023',
      name: 'VAN DER BERGHE-HOLLINGSWORTH SOPHIA MARIE',
      nameEn: 'VAN DER BERGHE-HOLLINGSWORTH SOPHIA MARIE',
      gender: '2',
      genderText: '女',
      birthDate: '1979-02-28',
      idNumber: '911840197902280024',
      validFrom: '2023-12-01',
      validTo: '2033-11-30',
      longTerm: false,
      nationality: 'USA',
      issueCount: '01',
      photoWlt: photo,
    });
    // re-encoding writes an empty Chinese name and a blank reserved field
    const again = encodeIdText(card);
    expect(Buffer.from(again.subarray(0, 30)).toString('utf16le')).toBe(' '.repeat(15));
    expect(Buffer.from(again.subarray(158, 188)).toString('utf16le')).toBe(' '.repeat(15));
    expect(decodeIdText(again, photo)).toStrictEqual(card);
  });

  it('2023: an English name longer than 46 characters does not fit', () => {
    const card = { ...SAMPLE_CARDS.foreign2023, nameEn: 'A'.repeat(47) };
    expect(() => encodeIdText(card)).toThrow(RangeError);
    expect(() => encodeIdText({ ...card, nameEn: 'A'.repeat(46) })).not.toThrow();
  });

  it('sample numbers follow the published structure of each layout', () => {
    // 2017: nationality (3 letters) + acceptance code (4) + YYMMDD + sequence (1) + check (1)
    const old = SAMPLE_CARDS.foreignOld;
    expect(old.idNumber).toMatch(/^[A-Z]{3}\d{12}$/);
    expect(old.idNumber.slice(0, 3)).toBe(old.nationality);
    expect(old.idNumber.slice(7, 13)).toBe(old.birthDate.replaceAll('-', '').slice(2));
    // 2023: 9 + province (2) + numeric country code (3, Spain = 724) + YYYYMMDD + sequence (3) + GB 11643 check
    const y = SAMPLE_CARDS.foreign2023;
    expect(y.idNumber).toMatch(/^9\d{16}[\dX]$/);
    expect(y.nationality).toBe('ESP');
    expect(y.idNumber.slice(3, 6)).toBe('724');
    expect(y.idNumber.slice(6, 14)).toBe(y.birthDate.replaceAll('-', ''));
    expect(isValidGb11643(y.idNumber)).toBe(true);
  });
});
