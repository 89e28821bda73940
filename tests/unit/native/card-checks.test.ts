import { describe, expect, it } from 'vitest';
import { cardCheckFailures, decodeIdText, encodeIdText, SamError } from '../../../native/idcard';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { IMPOSSIBLE_CARDS } from '../../support/impossible-cards';

describe('card content checks', () => {
  it.each(Object.entries(SAMPLE_CARDS))('%s passes every check and decodes', (_, card) => {
    expect(cardCheckFailures(card)).toEqual([]);
    expect(decodeIdText(encodeIdText(card), card.photoWlt, card.fingerprint)).toEqual(card);
  });

  it.each(IMPOSSIBLE_CARDS)('$what: fails $fails, and decoding the chip text refuses it with a typed error', ({ card, fails }) => {
    expect(cardCheckFailures(card)).toContain(fails);
    let err: unknown;
    try {
      decodeIdText(encodeIdText(card), card.photoWlt);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SamError);
    const e = err as SamError;
    expect(e.code).toBe('invalid_card');
    expect(e.checks).toContain(fails);
    expect(e.messageZh).toBe('证件信息校验失败：请重新放置证件，或人工核验后手工录入');
    // nothing of the card in the error
    for (const v of [card.idNumber, card.name, card.birthDate, card.address].filter(Boolean)) expect(e.message).not.toContain(v);
  });
});
