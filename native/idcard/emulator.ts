import { createSerialTransport } from '../transports/serial';
import type { Transport } from '../transports/types';
import { encodeIdText } from './id-text';
import { encodeSamId } from './reader';
import { SamError } from './sam-error';
import { encodeResponse, SamFrameParser, type SamCommandFrame } from './sam-frame';
import { SW3 } from './sam-status';
import type { IdCardData } from './types';

export type IdCardFault = 'bad_checksum' | 'timeout' | 'status_80' | 'status_41' | 'garbage';

export interface IdCardEmulatorOptions {
  /** The emulator's end of a pty pair. */
  path: string;
  baudRate?: number;
  card?: IdCardData;
  samId?: string;
  /**
   * Send answers no faster than the baud rate would on a real UART (a pty moves bytes instantly).
   * Default true, so timings measured against the emulator are realistic.
   */
  paceToBaud?: boolean;
}

export interface IdCardEmulator {
  placeCard(card: IdCardData): void;
  /** Places a card whose chip holds exactly this 256-byte text block (e.g. one written by another issuer's layout). */
  placeTextBlock(text: Uint8Array, photoWlt: Uint8Array): void;
  removeCard(): void;
  /** The next `count` (default 1) commands are answered with this fault. */
  injectFault(f: IdCardFault, count?: number): void;
  /** Commands received so far. */
  readonly exchanges: number;
  /** Bytes received from / sent to the driver so far. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  close(): Promise<void>;
}

export interface SamResponderOptions {
  card?: IdCardData;
  samId?: string;
}

/**
 * The SAM side of the protocol without any transport: bytes from the driver go in, answer frames come
 * out. Shared by the pty emulator below and by transport mocks (e.g. a mock USB bulk device in tests).
 */
export interface SamResponder {
  placeCard(card: IdCardData): void;
  placeTextBlock(text: Uint8Array, photoWlt: Uint8Array): void;
  removeCard(): void;
  /** The next `count` (default 1) commands are answered with this fault. */
  injectFault(f: IdCardFault, count?: number): void;
  /** Commands received so far (including corrupted ones). */
  readonly exchanges: number;
  /**
   * Feeds bytes as they arrive from the driver (any split; a command may span calls) and returns the
   * answers to the commands completed by them, in order, faults applied (a 'timeout' fault yields none).
   */
  receive(bytes: Uint8Array): Uint8Array[];
  /** Forgets a partially received command (as a SAM does on power-up). */
  resetInput(): void;
}

export function createSamResponder(opts: SamResponderOptions = {}): SamResponder {
  const parser = new SamFrameParser('command');
  const samId = encodeSamId(opts.samId ?? '05.01-20240101-0000012345-3303030001');
  /** What the chip on the reader holds; the text block is encoded when read (so a field that does not fit fails then). */
  type Chip = { text: () => Uint8Array; photoWlt: Uint8Array; fingerprint?: Uint8Array };
  const chipOf = (c: IdCardData): Chip => ({ text: () => encodeIdText(c), photoWlt: c.photoWlt, fingerprint: c.fingerprint });
  let card: Chip | null = opts.card ? chipOf(opts.card) : null;
  const faults: IdCardFault[] = [];
  let exchanges = 0;

  function readAnswer(withFingerprint: boolean): Uint8Array {
    if (!card) return encodeResponse(SW3.READ_FAILED);
    const text = card.text();
    const photo = card.photoWlt;
    const fp = withFingerprint ? (card.fingerprint ?? new Uint8Array(0)) : new Uint8Array(0);
    const head = withFingerprint ? 6 : 4;
    const data = new Uint8Array(head + text.length + photo.length + fp.length);
    const v = new DataView(data.buffer);
    v.setUint16(0, text.length);
    v.setUint16(2, photo.length);
    if (withFingerprint) v.setUint16(4, fp.length);
    data.set(text, head);
    data.set(photo, head + text.length);
    data.set(fp, head + text.length + photo.length);
    return encodeResponse(SW3.OK, data);
  }

  function answer(c: SamCommandFrame): Uint8Array {
    const key = (c.cmd << 8) | c.para;
    switch (key) {
      case 0x10ff:
      case 0x11ff:
        return encodeResponse(SW3.OK);
      case 0x12ff:
        return encodeResponse(SW3.OK, samId);
      case 0x2001:
        return card ? encodeResponse(SW3.CARD_FOUND, new Uint8Array(4)) : encodeResponse(SW3.FIND_FAILED);
      case 0x2002:
        return card ? encodeResponse(SW3.OK, new Uint8Array(8)) : encodeResponse(SW3.SELECT_FAILED);
      case 0x3001:
        return readAnswer(false);
      case 0x3010:
        return readAnswer(true);
      default:
        return encodeResponse(SW3.BAD_COMMAND);
    }
  }

  function withFault(fault: IdCardFault | undefined, frame: Uint8Array): Uint8Array | null {
    switch (fault) {
      case undefined:
        return frame;
      case 'timeout':
        return null;
      case 'bad_checksum': {
        const out = frame.slice();
        out[out.length - 1]! ^= 0x5a;
        return out;
      }
      case 'status_80':
        return encodeResponse(0x80);
      case 'status_41':
        return encodeResponse(0x41);
      case 'garbage': {
        // line noise, including a broken preamble, before a valid answer
        const noise = Uint8Array.of(0x00, 0xff, 0xaa, 0xaa, 0x96, 0x13, 0xaa, 0xaa, 0xaa, 0x96, 0x37, 0x69, 0x42);
        const out = new Uint8Array(noise.length + frame.length);
        out.set(noise);
        out.set(frame, noise.length);
        return out;
      }
    }
  }

  return {
    placeCard(c) {
      card = chipOf(c);
    },
    placeTextBlock(text, photoWlt) {
      card = { text: () => text, photoWlt };
    },
    removeCard() {
      card = null;
    },
    injectFault(f, count = 1) {
      for (let i = 0; i < count; i++) faults.push(f);
    },
    get exchanges() {
      return exchanges;
    },
    receive(bytes) {
      parser.push(bytes);
      const out: Uint8Array[] = [];
      for (;;) {
        let cmd: SamCommandFrame | null;
        try {
          cmd = parser.next();
        } catch (err) {
          if (!(err instanceof SamError)) throw err;
          exchanges++;
          out.push(encodeResponse(SW3.BAD_CHECKSUM)); // what a SAM answers to a corrupted command
          continue;
        }
        if (!cmd) break;
        exchanges++;
        const frame = withFault(faults.shift(), answer(cmd));
        if (frame) out.push(frame);
      }
      return out;
    },
    resetInput() {
      parser.reset();
    },
  };
}

/**
 * A GA 467 ID-card reader on the far end of a pty: it speaks the real SAM wire protocol and encodes the
 * card's text block in UCS-2LE exactly as a chip stores it.
 */
export async function startIdCardEmulator(opts: IdCardEmulatorOptions): Promise<IdCardEmulator> {
  const baud = opts.baudRate ?? 115200;
  const transport: Transport = createSerialTransport({ path: opts.path, baudRate: baud });
  await transport.open();
  const sam = createSamResponder({ card: opts.card, samId: opts.samId });
  const pace = opts.paceToBaud ?? true;
  let bytesIn = 0;
  let bytesOut = 0;
  let sendQueue: Promise<void> = Promise.resolve();
  let lineFreeAt = 0;

  function send(bytes: Uint8Array): void {
    bytesOut += bytes.length;
    sendQueue = sendQueue.then(async () => {
      if (!pace) return transport.write(bytes).catch(() => undefined);
      const msPerByte = 10_000 / baud;
      for (let off = 0; off < bytes.length; off += 64) {
        const chunk = bytes.subarray(off, off + 64);
        const now = performance.now();
        const start = Math.max(now, lineFreeAt);
        lineFreeAt = start + chunk.length * msPerByte;
        const wait = lineFreeAt - now;
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        await transport.write(chunk).catch(() => undefined);
      }
    });
  }

  transport.onData((chunk) => {
    bytesIn += chunk.length;
    for (const out of sam.receive(chunk)) send(out);
  });

  return {
    placeCard: (c) => sam.placeCard(c),
    placeTextBlock: (t, p) => sam.placeTextBlock(t, p),
    removeCard: () => sam.removeCard(),
    injectFault: (f, count) => sam.injectFault(f, count),
    get exchanges() {
      return sam.exchanges;
    },
    get bytesIn() {
      return bytesIn;
    },
    get bytesOut() {
      return bytesOut;
    },
    async close() {
      await sendQueue;
      await transport.close();
    },
  };
}
