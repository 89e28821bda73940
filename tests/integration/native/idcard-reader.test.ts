import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdCardReader, SamError, type IdCardReader } from '../../../native/idcard';
import { startIdCardEmulator, type IdCardEmulator, type IdCardFault } from '../../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { pollReader } from '../../support/poll-reader';
import { createPtyPair, createSerialTransport, type PtyPair, type Transport } from '../../../native/transports';

let pty: PtyPair;
let emu: IdCardEmulator;
let reader: IdCardReader;
let transport: Transport;

beforeEach(async () => {
  pty = await createPtyPair();
  emu = await startIdCardEmulator({ path: pty.a, baudRate: 115200 });
  transport = createSerialTransport({ path: pty.b, baudRate: 115200 });
  reader = createIdCardReader(transport, { timeoutMs: 400 });
});

afterEach(async () => {
  await reader.close().catch(() => undefined);
  await emu.close().catch(() => undefined);
  await pty.close(); // always kills socat
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ID-card reader against the emulator over a real pty', () => {
  it('answers reset, status and SAM id', async () => {
    await reader.reset();
    await reader.status();
    expect(await reader.samId()).toBe('05.01-20240101-0000012345-3303030001');
    expect(emu.exchanges).toBe(3);
  });

  it('returns null when no card is present', async () => {
    expect(await reader.readCard()).toBeNull();
  });

  it.each(Object.entries(SAMPLE_CARDS))('reads %s end to end', async (_, card) => {
    emu.placeCard(card);
    const got = await reader.readCard({ fingerprint: card.fingerprint !== undefined });
    expect(got).toEqual(card);
    expect(emu.exchanges).toBe(3); // find, select, read
  });

  it('reads text + photo without fingerprint when the card has one but it was not asked for', async () => {
    emu.placeCard(SAMPLE_CARDS.residentWithFingerprint);
    const got = await reader.readCard();
    expect(got?.fingerprint).toBeUndefined();
    expect(got?.idNumber).toBe(SAMPLE_CARDS.residentWithFingerprint.idNumber);
  });

  const faults: Array<[IdCardFault, string]> = [
    ['bad_checksum', 'bad_checksum'],
    ['timeout', 'timeout'],
    ['status_41', 'status'],
  ];
  it.each(faults)('surfaces an injected %s as a typed error, then reads normally', async (fault, code) => {
    emu.placeCard(SAMPLE_CARDS.residentLongwan);
    emu.injectFault(fault);
    const err = await reader.readCard().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SamError);
    expect((err as SamError).code).toBe(code);
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.residentLongwan);
  });

  it('treats an injected status 80 as "no card" and reads on the next try', async () => {
    emu.placeCard(SAMPLE_CARDS.hkmoTw);
    emu.injectFault('status_80');
    expect(await reader.readCard()).toBeNull();
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.hkmoTw);
  });

  it('resyncs through line garbage without any error', async () => {
    emu.placeCard(SAMPLE_CARDS.foreign2023);
    emu.injectFault('garbage', 3);
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.foreign2023);
  });
});

describe('polling', () => {
  const poll = () => pollReader(reader);

  it('reads a card once per placement and again only after removal', async () => {
    const p = poll();
    await until(() => p.statuses.includes('ready'));
    emu.placeCard(SAMPLE_CARDS.residentLongwan);
    await until(() => p.cards.length === 1);
    const seen = emu.exchanges;
    await until(() => emu.exchanges >= seen + 10); // card stays on the reader for many polls
    expect(p.cards).toHaveLength(1);
    emu.removeCard();
    await until(() => p.statuses.includes('card_removed'));
    emu.placeCard(SAMPLE_CARDS.foreignOld);
    await until(() => p.cards.length === 2);
    expect(p.cards[1]).toEqual(SAMPLE_CARDS.foreignOld);
    p.stop();
  });

  it('a momentary "no card" (status 80) does not cause a second read of the same card', async () => {
    const p = poll();
    emu.placeCard(SAMPLE_CARDS.residentLongTerm);
    await until(() => p.cards.length === 1);
    emu.injectFault('status_80');
    const seen = emu.exchanges;
    await until(() => emu.exchanges >= seen + 6);
    expect(p.cards).toHaveLength(1);
    expect(p.statuses).not.toContain('card_removed');
    p.stop();
  });

  it.each(['bad_checksum', 'timeout', 'status_41', 'status_80', 'garbage'] as IdCardFault[])(
    'recovers by itself from %s faults (without restarting) and reads the card exactly once',
    async (fault) => {
      const p = poll();
      await until(() => p.statuses.includes('ready'));
      emu.injectFault(fault, 4); // more than the reset threshold for hard faults
      emu.placeCard(SAMPLE_CARDS.residentWithFingerprint);
      await until(() => p.cards.length === 1, 8000);
      const seen = emu.exchanges;
      await until(() => emu.exchanges >= seen + 6);
      expect(p.cards).toHaveLength(1);
      expect(p.cards[0]!.idNumber).toBe(SAMPLE_CARDS.residentWithFingerprint.idNumber);
      if (fault === 'bad_checksum' || fault === 'timeout' || fault === 'status_41') {
        expect(p.errors.length).toBeGreaterThan(0);
        expect(p.errors.every((e) => e instanceof SamError)).toBe(true);
        expect(p.statuses).toContain('fault');
        expect(p.statuses.at(-1)).toBe('card_read');
        expect(p.statuses).toContain('recovered');
      } else {
        expect(p.errors).toHaveLength(0);
      }
      p.stop();
    },
  );

  it('recovers when the device disappears and comes back (transport reopened)', async () => {
    const p = poll();
    emu.placeCard(SAMPLE_CARDS.residentLongwan);
    await until(() => p.cards.length === 1);
    // the emulator side closes and re-opens: the driver's next exchanges time out, then work again
    await emu.close();
    await until(() => p.errors.some((e) => e.code === 'timeout'));
    emu = await startIdCardEmulator({ path: pty.a, card: SAMPLE_CARDS.residentLongwan });
    await until(() => p.statuses.at(-1) === 'recovered' || p.statuses.at(-1) === 'card_read', 8000);
    expect(p.cards).toHaveLength(1); // still the same placement
    p.stop();
  });
});

describe('wire bytes', () => {
  it('the emulator answers find/select byte for byte as the published capture', async () => {
    emu.placeCard(SAMPLE_CARDS.residentLongwan);
    const raw = createSerialTransport({ path: pty.b });
    await reader.close();
    await raw.open();
    const got: number[] = [];
    raw.onData((c) => got.push(...c));
    await raw.write(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22]));
    await until(() => got.length >= 15);
    expect(Buffer.from(got).toString('hex')).toBe('aaaaaa9669000800009f0000000097');
    got.length = 0;
    await raw.write(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21]));
    await until(() => got.length >= 19);
    expect(Buffer.from(got).toString('hex')).toBe('aaaaaa9669000c00009000000000000000009c');
    await raw.close();
  });
});
