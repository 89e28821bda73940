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
