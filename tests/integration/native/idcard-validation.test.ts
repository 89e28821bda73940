import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdCardReader, encodeIdText, SamError, type IdCardData, type IdCardReader } from '../../../native/idcard';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { createPtyPair, createSerialTransport, type PtyPair } from '../../../native/transports';
import { IMPOSSIBLE_CARDS } from '../../support/impossible-cards';

/** Card answers with valid frames but impossible content, through the real reader over a socat pty. */
let pty: PtyPair;
let emu: IdCardEmulator;
let reader: IdCardReader;

beforeEach(async () => {
  pty = await createPtyPair();
  emu = await startIdCardEmulator({ path: pty.a, baudRate: 115200, paceToBaud: false });
  reader = createIdCardReader(createSerialTransport({ path: pty.b, baudRate: 115200 }), { timeoutMs: 500 });
});

afterEach(async () => {
  await reader.close().catch(() => undefined);
  await emu.close().catch(() => undefined);
  await pty.close();
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A 2023 card whose writer ended the first English-name field at a word: padded, then the rest in the second field. */
function partlyFilledNameBlock(): Uint8Array {
  const text = encodeIdText({ ...SAMPLE_CARDS.foreign2023, nameEn: 'SMITH JOHN' });
  const rest = 'ALBERT';
  for (let i = 0; i < rest.length; i++) {
    text[(110 + i) * 2] = rest.charCodeAt(i);
    text[(110 + i) * 2 + 1] = 0;
  }
  return text;
}

describe('card content checks through the reader', () => {
  it.each(IMPOSSIBLE_CARDS)('refuses $what with a typed error naming the failed check', async ({ card, fails }) => {
    emu.placeCard(card);
    const err = await reader.readCard().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SamError);
    expect((err as SamError).code).toBe('invalid_card');
    expect((err as SamError).checks).toContain(fails);
    // the reader stays usable: the next, plausible card reads
    emu.placeCard(SAMPLE_CARDS.residentLongwan);
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.residentLongwan);
  });

  it('polling reports a refused card once per placement and never delivers it', async () => {
    const cards: IdCardData[] = [];
    const refused: SamError[] = [];
    const faults: SamError[] = [];
    reader.startPolling({ intervalMs: 20, onCard: (c) => cards.push(c), onRejected: (e) => refused.push(e), onError: (e) => faults.push(e) });
    emu.placeCard(IMPOSSIBLE_CARDS[0]!.card);
    await until(() => refused.length === 1);
    await new Promise((r) => setTimeout(r, 200)); // several polls with the card still there
    expect(refused).toHaveLength(1);
    emu.removeCard();
    await new Promise((r) => setTimeout(r, 150));
    emu.placeCard(IMPOSSIBLE_CARDS[0]!.card);
    await until(() => refused.length === 2);
    emu.removeCard();
    await new Promise((r) => setTimeout(r, 150));
    emu.placeCard(SAMPLE_CARDS.hkmoTw);
    await until(() => cards.length === 1);
    expect(cards).toEqual([SAMPLE_CARDS.hkmoTw]);
    expect(faults).toEqual([]);
  });

  it('joins a 2023 English name whose first field is only partly filled without the padding', async () => {
    emu.placeTextBlock(partlyFilledNameBlock(), SAMPLE_CARDS.foreign2023.photoWlt);
    const card = await reader.readCard();
    expect(card?.nameEn).toBe('SMITH JOHN ALBERT');
    expect(card?.idNumber).toBe(SAMPLE_CARDS.foreign2023.idNumber);
  });

  it('keeps a 2023 English name cut inside a word whole', async () => {
    // the first field ends in the middle of ALEXANDRINASS
    const long = { ...SAMPLE_CARDS.foreign2023, nameEn: 'MONTGOMERY-WORTHINGTON ALEXANDRINASS VICTORIA' };
    emu.placeCard(long);
    expect((await reader.readCard())?.nameEn).toBe(long.nameEn);
  });
});
