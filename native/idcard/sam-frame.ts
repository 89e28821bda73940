import { SamError } from './sam-error';

/**
 * SAM frame codec (GA 467 ID-card reader modules, UART protocol).
 *
 *   command:  AA AA AA 96 69 | LEN(2, big-endian) | CMD | PARA | data… | CHK
 *   response: AA AA AA 96 69 | LEN(2, big-endian) | SW1 | SW2 | SW3 | data… | CHK
 *
 * LEN counts the bytes after the length field (including CHK). CHK is the XOR of every byte from the
 * length field to the last data byte.
 */
export const SAM_PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Longest frame a reader sends: text + photo + two fingerprints is 2314; leave headroom. */
export const SAM_MAX_LEN = 0x1000;

export interface SamCommandFrame {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface SamResponseFrame {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

function encodeFrame(head: number[], data: Uint8Array): Uint8Array {
  const len = head.length + data.length + 1;
  if (len > 0xffff) throw new RangeError('SAM frame too long');
  const out = new Uint8Array(SAM_PREAMBLE.length + 2 + len);
  out.set(SAM_PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(head, 7);
  out.set(data, 7 + head.length);
  out[out.length - 1] = xorChecksum(out, 5, out.length - 1);
  return out;
}

export function encodeCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return encodeFrame([cmd, para], data);
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  return encodeFrame([sw1, sw2, sw3], data);
}

export type FrameDirection = 'command' | 'response';

/**
 * Streaming frame parser. Feed it whatever the transport delivers with push(); take frames with next().
 * It skips garbage until the next preamble, ignores implausible lengths (resync), and throws a SamError
 * with code `bad_checksum` (after dropping that frame's preamble) when a complete frame fails its checksum.
 * It never throws anything else and never loops without consuming input.
 */
export class SamFrameParser<D extends FrameDirection = 'response'> {
  private buf = new Uint8Array(0);
  private readonly minLen: number;

  constructor(private readonly direction: D = 'response' as D) {
    this.minLen = direction === 'command' ? 3 : 4;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const next = new Uint8Array(this.buf.length + chunk.length);
    next.set(this.buf, 0);
    next.set(chunk, this.buf.length);
    this.buf = next;
  }

  /** Drops buffered bytes (before sending a new command, so a stale partial frame cannot swallow the answer). */
  reset(): void {
    this.buf = new Uint8Array(0);
  }

  get buffered(): number {
    return this.buf.length;
  }

  next(): (D extends 'command' ? SamCommandFrame : SamResponseFrame) | null {
    for (;;) {
      const start = findPreamble(this.buf);
      if (start < 0) {
        // keep a tail that could be the start of a preamble
        this.buf = this.buf.slice(Math.max(0, this.buf.length - (SAM_PREAMBLE.length - 1)));
        return null;
      }
      if (start > 0) this.buf = this.buf.slice(start);
      if (this.buf.length < 7) return null;
      const len = (this.buf[5]! << 8) | this.buf[6]!;
      if (len < this.minLen || len > SAM_MAX_LEN) {
        this.buf = this.buf.slice(1); // not a real frame: resync on the next preamble
        continue;
      }
      const total = 7 + len;
      if (this.buf.length < total) return null;
      const frame = this.buf.subarray(0, total);
      const expected = xorChecksum(frame, 5, total - 1);
      if (expected !== frame[total - 1]) {
        this.buf = this.buf.slice(SAM_PREAMBLE.length);
        throw new SamError('bad_checksum', 'SAM frame checksum mismatch');
      }
      const body = frame.slice(7, total - 1);
      this.buf = this.buf.slice(total);
      type Out = D extends 'command' ? SamCommandFrame : SamResponseFrame;
      if (this.direction === 'command') {
        return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) } as Out;
      }
      return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) } as Out;
    }
  }
}

function findPreamble(buf: Uint8Array): number {
  outer: for (let i = 0; i + SAM_PREAMBLE.length <= buf.length; i++) {
    for (let j = 0; j < SAM_PREAMBLE.length; j++) if (buf[i + j] !== SAM_PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** Command codes (CMD, PARA). */
export const SAM_CMD = {
  reset: [0x10, 0xff],
  status: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readWithFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;

export type SamCommandName = keyof typeof SAM_CMD;
