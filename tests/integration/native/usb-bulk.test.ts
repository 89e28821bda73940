/**
 * The USB bulk transport end to end — against a MOCK USB device (tests/support/mock-usb-device.ts), because
 * no real or virtual USB device can exist on this machine. The real reader driver and the project's SAM
 * emulator logic sit on either side; only the USB bus between them is simulated.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdCardReader, encodeCommand, SAM_CMD, SamError, SamFrameParser, SW3, type IdCardReader } from '../../../native/idcard';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { pollReader } from '../../support/poll-reader';
import { createUsbBulkTransport, TransportError, type Transport } from '../../../native/transports';
import { MOCK_USB_PACKET_SIZE, MOCK_USB_PRODUCT_ID, MOCK_USB_VENDOR_ID, MockUsbSamReader } from '../../support/mock-usb-device';

let usb: MockUsbSamReader;
let transport: Transport;
let reader: IdCardReader;
let closes: Array<TransportError | null>;

beforeEach(() => {
  usb = new MockUsbSamReader();
  transport = createUsbBulkTransport({ vendorId: MOCK_USB_VENDOR_ID, productId: MOCK_USB_PRODUCT_ID, findDevice: usb.findDevice });
  closes = [];
  transport.onClose((reason) => closes.push(reason));
  reader = createIdCardReader(transport, { timeoutMs: 2000 });
});

afterEach(async () => {
  await reader.close().catch(() => undefined);
  usb.dispose();
});

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('USB bulk transport with the real reader driver (mock USB device)', () => {
  it('answers reset, status and SAM id', async () => {
    await reader.reset();
    await reader.status();
    expect(await reader.samId()).toBe('05.01-20240101-0000012345-3303030001');
    expect(usb.exchanges).toBe(3);
    expect(transport.endpoint).toBe('0400:c35a');
  });

  it.each(Object.entries(SAMPLE_CARDS))('reads %s end to end, the answer reassembled from 64-byte packets', async (_, card) => {
    usb.placeCard(card);
    const fingerprint = card.fingerprint !== undefined;
    const got = await reader.readCard({ fingerprint });
    expect(got).toEqual(card);
    expect(usb.exchanges).toBe(3); // find, select, read
    // three 10-byte commands, one OUT transfer each
    expect(usb.outTransfers.map((t) => t.length)).toEqual([10, 10, 10]);
    // the read answer alone (text 256 + photo 1024 [+ fingerprint] + framing) needs well over 20 packets
    const answerBytes = 7 + 3 + (fingerprint ? 6 : 4) + 256 + card.photoWlt.length + (fingerprint ? card.fingerprint!.length : 0) + 1;
    expect(usb.inTransfers.length).toBeGreaterThanOrEqual(Math.ceil(answerBytes / MOCK_USB_PACKET_SIZE));
    expect(Math.max(...usb.inTransfers)).toBe(MOCK_USB_PACKET_SIZE);
    expect(usb.overflowBytes).toBe(0);
    expect(usb.maxPendingIn).toBe(1);
  });

  it('sends a write longer than a packet as 64-byte OUT transfers, in order, and gets every answer back', async () => {
    await transport.open();
    const received: Uint8Array[] = [];
    transport.onData((c) => received.push(c));
    // 21 status commands back to back: 210 bytes, so command frames straddle the 64-byte boundaries
    const one = encodeCommand(...SAM_CMD.status);
    const big = concat(Array.from({ length: 21 }, () => one));
    expect(big.length).toBe(210);
    await transport.write(big);

    expect(usb.outTransfers.map((t) => t.length)).toEqual([64, 64, 64, 18]);
    expect(concat(usb.outTransfers)).toEqual(big);
    // the mock's SAM reassembled all 21 commands across the OUT pieces and answered each
    await until(() => received.reduce((n, c) => n + c.length, 0) >= 21 * 11);
    expect(usb.exchanges).toBe(21);
    const parser = new SamFrameParser('response');
    parser.push(concat(received));
    const frames = [];
    for (let f = parser.next(); f; f = parser.next()) frames.push(f);
    expect(frames).toHaveLength(21);
    expect(frames.every((f) => f.sw3 === SW3.OK)).toBe(true);
  });

  it('opens a reader enumerated without an active configuration (the getter throws until one is selected)', async () => {
    const unconfigured = new MockUsbSamReader({ unconfigured: true });
    const t = createUsbBulkTransport({ vendorId: MOCK_USB_VENDOR_ID, productId: MOCK_USB_PRODUCT_ID, findDevice: unconfigured.findDevice });
    const r = createIdCardReader(t, { timeoutMs: 2000 });
    try {
      expect(await r.samId()).toBe('05.01-20240101-0000012345-3303030001');
    } finally {
      await r.close().catch(() => undefined);
      unconfigured.dispose();
    }
  });

  it('a write of exactly two packets goes out as two full transfers', async () => {
    await transport.open();
    const data = Uint8Array.from({ length: 128 }, (_, i) => i);
    await transport.write(data);
    expect(usb.outTransfers.map((t) => t.length)).toEqual([64, 64]);
    expect(concat(usb.outTransfers)).toEqual(data);
  });

  it('keeps the device open through idle IN timeouts (one IN transfer pending at a time)', async () => {
    await transport.open();
    await until(() => usb.inTimeouts >= 2); // the transport waits 1 s per IN transfer
    expect(transport.isOpen).toBe(true);
    expect(closes).toEqual([]);
    expect(usb.maxPendingIn).toBe(1);
    usb.placeCard(SAMPLE_CARDS.hkmoTw);
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.hkmoTw);
  });

  it('surfaces SAM faults through USB as typed errors, then reads normally', async () => {
    usb.placeCard(SAMPLE_CARDS.foreignOld);
    usb.injectFault('bad_checksum');
    const err = await reader.readCard().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SamError);
    expect((err as SamError).code).toBe('bad_checksum');
    usb.injectFault('garbage', 3);
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.foreignOld);
  });
});

describe('unplug and re-plug (mock USB device)', () => {
  it('unplugged in the middle of an answer: the transport reports disconnected and the read fails with a typed error', async () => {
    usb.placeCard(SAMPLE_CARDS.residentLongwan);
    await reader.readCard(); // a first read works
    usb.unplugAfterInPackets(6); // find (1 packet) + select (1) + 4 packets into the read answer
    const err = await reader.readCard().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SamError);
    expect((err as SamError).code).toBe('transport');
    expect((err as SamError).cause).toBeInstanceOf(TransportError);
    expect(((err as SamError).cause as TransportError).code).toBe('disconnected');
    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(TransportError);
    expect(closes[0]!.code).toBe('disconnected');
    expect(transport.isOpen).toBe(false);
    expect(usb.isPlugged).toBe(false);
  });

  it('while unplugged the reader cannot open it (typed not_found); after re-plug open() works and a card reads', async () => {
    usb.placeCard(SAMPLE_CARDS.foreign2023);
    await transport.open();
    usb.unplug(); // idle: the pending IN transfer fails
    await until(() => closes.length === 1);
    expect(closes[0]!.code).toBe('disconnected');
    expect(transport.isOpen).toBe(false);

    const err = await reader.readCard().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SamError);
    expect((err as SamError).code).toBe('transport');
    expect(((err as SamError).cause as TransportError).code).toBe('not_found');
    await expect(transport.open()).rejects.toMatchObject({ name: 'TransportError', code: 'not_found' });

    usb.plug();
    await transport.open();
    expect(transport.isOpen).toBe(true);
    expect(usb.opens).toBe(2);
    expect(await reader.readCard()).toEqual(SAMPLE_CARDS.foreign2023);
    expect(closes).toHaveLength(1); // no further close
  });

  it('the old handle stays dead after re-plug: every later transfer on it fails as disconnected', async () => {
    const old = (await usb.findDevice(MOCK_USB_VENDOR_ID, MOCK_USB_PRODUCT_ID))!;
    await old.open();
    await old.claimInterface(0);
    const pending = old.nativeTransferIn(1, 5000, 64);
    usb.unplug();
    await expect(pending).rejects.toThrow('transferIn error: Disconnected');
    usb.plug();
    await expect(old.nativeTransferOut(2, 1000, Uint8Array.of(1))).rejects.toThrow('transferOut error: Disconnected');
    await expect(old.nativeTransferIn(1, 1000, 64)).rejects.toThrow('transferIn error: Disconnected');
    const fresh = await usb.findDevice(MOCK_USB_VENDOR_ID, MOCK_USB_PRODUCT_ID);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(old);
    await old.close();
  });

  it('polling reports the unplug as a typed fault and recovers by itself after re-plug', async () => {
    const { cards, errors, statuses, stop } = pollReader(reader);
    try {
      usb.placeCard(SAMPLE_CARDS.residentLongTerm);
      await until(() => cards.length === 1);
      usb.unplug();
      await until(() => errors.length >= 2);
      expect(errors.every((e) => e instanceof SamError && e.code === 'transport')).toBe(true);
      expect(closes.some((c) => c?.code === 'disconnected')).toBe(true);
      usb.plug();
      await until(() => statuses.at(-1) === 'recovered' || statuses.at(-1) === 'card_read');
      await until(() => transport.isOpen);
      expect(cards).toHaveLength(1); // same placement: not read twice
      expect(cards[0]).toEqual(SAMPLE_CARDS.residentLongTerm);
    } finally {
      stop();
    }
  });
});
