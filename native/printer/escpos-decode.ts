import iconv from 'iconv-lite';
import { DLE, ESC, FS, GS, LF } from './escpos';

/**
 * ESC/POS tokenizer and decoder: turns captured printer bytes back into text (GB18030), QR payloads,
 * barcodes and cuts. Used by the printer emulator and by tests.
 */
export type EscPosToken =
  | { type: 'text'; bytes: Uint8Array }
  | { type: 'lf' }
  | { type: 'realtime_status'; n: number } // DLE EOT n
  | { type: 'qr_store'; data: Uint8Array }
  | { type: 'qr_print' }
  | { type: 'barcode'; system: number; data: Uint8Array }
  | { type: 'cut' }
  | { type: 'other' };

export interface DecodedPrint {
  text: string;
  qrCodes: string[];
  barcodes: string[];
  cuts: number;
}

/** Argument bytes after `ESC x` / `FS x` / `GS x` for fixed-length commands. */
const ESC_ARGS: Record<number, number> = {
  0x40: 0, 0x45: 1, 0x21: 1, 0x61: 1, 0x64: 1, 0x4a: 1, 0x2d: 1, 0x47: 1, 0x4d: 1, 0x74: 1, 0x52: 1, 0x32: 0,
  0x33: 1, 0x20: 1, 0x70: 3, 0x7b: 1, 0x56: 1, 0x24: 2, 0x5c: 2, 0x63: 2, 0x4c: 0, 0x53: 0, 0x54: 1, 0x55: 1,
};
const FS_ARGS: Record<number, number> = { 0x26: 0, 0x2e: 0, 0x21: 1, 0x2d: 1, 0x43: 1, 0x57: 1, 0x53: 2, 0x70: 2 };
const GS_ARGS: Record<number, number> = {
  0x21: 1, 0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1, 0x42: 1, 0x4c: 2, 0x57: 2, 0x61: 1, 0x72: 1, 0x49: 1, 0x2f: 1, 0x24: 2,
};

export type TokenResult = { token: EscPosToken; length: number } | null;

/** Next token at `off`, or null when the bytes there are an incomplete command (wait for more). */
export function nextEscPosToken(b: Uint8Array, off: number): TokenResult {
  const n = b.length - off;
  if (n <= 0) return null;
  const c = b[off]!;
  const at = (i: number): number => b[off + i]!;
  const fixed = (args: number, token: EscPosToken = { type: 'other' }): TokenResult =>
    n >= 2 + args ? { token, length: 2 + args } : null;

  if (c === LF) return { token: { type: 'lf' }, length: 1 };
  if (c === ESC) {
    if (n < 2) return null;
    const k = at(1);
    if (k === 0x2a) {
      // ESC * m nL nH d1…dk: bit image
      if (n < 5) return null;
      const dots = at(3) | (at(4) << 8);
      const len = 5 + dots * (at(2) >= 32 ? 3 : 1);
      return n >= len ? { token: { type: 'other' }, length: len } : null;
    }
    if (k === 0x44 || k === 0x42) {
      // ESC D / ESC B: NUL-terminated list
      const end = b.indexOf(0, off + 2);
      return end < 0 ? null : { token: { type: 'other' }, length: end - off + 1 };
    }
    return fixed(ESC_ARGS[k] ?? 0);
  }
  if (c === FS) {
    if (n < 2) return null;
    return fixed(FS_ARGS[at(1)] ?? 0);
  }
  if (c === GS) {
    if (n < 2) return null;
    const k = at(1);
    if (k === 0x56) {
      // GS V m [n]
      if (n < 3) return null;
      const m = at(2);
      const len = m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104 ? 4 : 3;
      return n >= len ? { token: { type: 'cut' }, length: len } : null;
    }
    if (k === 0x28) {
      // GS ( fn pL pH payload
      if (n < 5) return null;
      const len = 5 + (at(3) | (at(4) << 8));
      if (n < len) return null;
      if (at(2) === 0x6b && len >= 8 && at(5) === 0x31) {
        if (at(6) === 0x50 && at(7) === 0x30) return { token: { type: 'qr_store', data: b.slice(off + 8, off + len) }, length: len };
        if (at(6) === 0x51) return { token: { type: 'qr_print' }, length: len };
      }
      return { token: { type: 'other' }, length: len };
    }
    if (k === 0x6b) {
      // GS k m …: m 0–6 NUL-terminated, m 65–79 with a length byte
      if (n < 3) return null;
      const m = at(2);
      if (m <= 6) {
        const end = b.indexOf(0, off + 3);
        return end < 0 ? null : { token: { type: 'barcode', system: m, data: b.slice(off + 3, end) }, length: end - off + 1 };
      }
      if (n < 4) return null;
      const len = 4 + at(3);
      return n >= len ? { token: { type: 'barcode', system: m, data: b.slice(off + 4, off + len) }, length: len } : null;
    }
    if (k === 0x76) {
      // GS v 0 m xL xH yL yH data: raster image
      if (n < 8) return null;
      const len = 8 + (at(4) | (at(5) << 8)) * (at(6) | (at(7) << 8));
      return n >= len ? { token: { type: 'other' }, length: len } : null;
    }
    return fixed(GS_ARGS[k] ?? 0);
  }
  if (c === DLE) {
    if (n < 2) return null;
    const k = at(1);
    if (k === 0x04) return n >= 3 ? { token: { type: 'realtime_status', n: at(2) }, length: 3 } : null;
    if (k === 0x05) return n >= 3 ? { token: { type: 'other' }, length: 3 } : null;
    if (k === 0x14) return n >= 5 ? { token: { type: 'other' }, length: 5 } : null;
    return { token: { type: 'other' }, length: 1 };
  }
  if (c < 0x20) return { token: { type: 'other' }, length: 1 };
  let end = off;
  while (end < b.length && b[end]! >= 0x20) end++;
  return { token: { type: 'text', bytes: b.slice(off, end) }, length: end - off };
}

/** All complete tokens; stops at an incomplete trailing command. */
export function tokenizeEscPos(bytes: Uint8Array): EscPosToken[] {
  const out: EscPosToken[] = [];
  let off = 0;
  for (;;) {
    const r = nextEscPosToken(bytes, off);
    if (!r) return out;
    out.push(r.token);
    off += r.length;
  }
}

/**
 * GS k 73 (CODE128) data as the printer reads it: a code set selector first ({A, {B or {C), then text bytes in A/B,
 * byte values 0–99 (two digits each) in C, '{' followed by A/B/C a switch, '{S' a shift, '{1'–'{4' FNC, '{{' a '{'.
 * Returns the encoded text, the symbol values from the start character on (check character and stop not included:
 * they follow from these) and the number of symbols including start and check character.
 */
export function decodeCode128Data(data: Uint8Array): { text: string; codewords: number[]; symbols: number } | null {
  const START: Record<number, number> = { 0x41: 103, 0x42: 104, 0x43: 105 };
  if (data.length < 2 || data[0] !== 0x7b || START[data[1]!] === undefined) return null;
  let set = data[1]!;
  let text = '';
  const codewords = [START[set]!];
  for (let i = 2; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x7b) {
      const k = data[++i];
      if (k === undefined) return null;
      if (k === 0x41 || k === 0x42 || k === 0x43) {
        codewords.push(k === 0x41 ? 101 : k === 0x42 ? 100 : 99);
        set = k;
      } else if (k === 0x7b && set !== 0x43) {
        text += '{';
        codewords.push(0x7b - 32);
      } else if (k === 0x53) codewords.push(98);
      else if (k >= 0x31 && k <= 0x34) codewords.push([102, 97, 96, set === 0x41 ? 101 : 100][k - 0x31]!);
      else return null;
    } else if (set === 0x43) {
      if (c > 99) return null;
      text += String(c).padStart(2, '0');
      codewords.push(c);
    } else {
      if (c > 0x7f || (set === 0x42 && c < 0x20)) return null;
      text += String.fromCharCode(c);
      codewords.push(c >= 0x20 ? c - 32 : c + 64);
    }
  }
  return { text, codewords, symbols: codewords.length + 1 };
}

function barcodeText(system: number, data: Uint8Array): string {
  if (system === 73) {
    const decoded = decodeCode128Data(data);
    if (decoded) return decoded.text;
  }
  return Buffer.from(data).toString('latin1');
}

/** One printed line: its text and the cells it takes on paper (magnification included). */
export interface PrintedLine {
  text: string;
  cells: number;
}

/** One printed barcode and the dots it takes, quiet zones included (null when its width is not known here). */
export interface PrintedBarcode {
  data: string;
  system: number;
  moduleWidth: number;
  dots: number | null;
}

/**
 * Cells of GB18030 bytes as a printer in Kanji mode prints them, read from the byte structure alone: a byte below
 * 0x80 is one cell; a lead byte 0x81–0xFE starts a two-byte (trail 0x40–0xFE) or four-byte (trail 0x30–0x39)
 * character, two cells either way.
 */
export function gb18030Cells(bytes: ArrayLike<number>): number {
  let cells = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) i += 1;
    else {
      const t = bytes[i + 1];
      i += t !== undefined && t >= 0x30 && t <= 0x39 ? 4 : 2;
    }
    cells += b < 0x80 ? 1 : 2;
  }
  return cells;
}

const CODE128_QUIET = 10;

/**
 * What a print takes on paper: every line with its width in cells (GS ! and ESC ! width magnification applied) and
 * every barcode with its width in dots (GS w module width; CODE128 quiet zones of 10 modules each side included).
 * Counts from the bytes only, independently of the code that laid the print out.
 */
export function measureEscPos(bytes: Uint8Array): { lines: PrintedLine[]; barcodes: PrintedBarcode[] } {
  const lines: PrintedLine[] = [];
  const barcodes: PrintedBarcode[] = [];
  let text: number[] = [];
  let cells = 0;
  let gsScale = 1;
  let escDouble = false;
  let moduleWidth = 3;
  const scale = (): number => Math.max(gsScale, escDouble ? 2 : 1);
  const flush = (force: boolean): void => {
    if (!text.length && !force) return;
    lines.push({ text: iconv.decode(Buffer.from(text), 'gb18030'), cells });
    text = [];
    cells = 0;
  };
  for (let off = 0, r = nextEscPosToken(bytes, 0); r; r = nextEscPosToken(bytes, off)) {
    const t = r.token;
    const b0 = bytes[off];
    const b1 = bytes[off + 1];
    const arg = bytes[off + 2] ?? 0;
    off += r.length;
    if (t.type === 'text') {
      text.push(...t.bytes);
      cells += gb18030Cells(t.bytes) * scale();
    } else if (t.type === 'lf') flush(true);
    else if (t.type === 'cut') flush(false);
    else if (t.type === 'barcode') {
      flush(false);
      const decoded = t.system === 73 ? decodeCode128Data(t.data) : null;
      barcodes.push({
        data: barcodeText(t.system, t.data),
        system: t.system,
        moduleWidth,
        dots: decoded ? (decoded.symbols * 11 + 13 + 2 * CODE128_QUIET) * moduleWidth : null,
      });
    } else if (b0 === ESC && b1 === 0x40) {
      gsScale = 1;
      escDouble = false;
      moduleWidth = 3;
    } else if (b0 === ESC && b1 === 0x21) escDouble = (arg & 0x20) !== 0;
    else if (b0 === GS && b1 === 0x21) gsScale = ((arg >> 4) & 7) + 1;
    else if (b0 === GS && b1 === 0x77) moduleWidth = arg;
    else if (b0 === ESC && b1 === 0x64) {
      flush(false);
    }
  }
  flush(false);
  return { lines, barcodes };
}

function emptyPrint(): DecodedPrint {
  return { text: '', qrCodes: [], barcodes: [], cuts: 0 };
}

/** Splits a byte stream into print jobs at each cut; a trailing part without a cut is kept if non-empty. */
export function decodeEscPosJobs(bytes: Uint8Array): DecodedPrint[] {
  const jobs: DecodedPrint[] = [];
  let cur = emptyPrint();
  let textBytes: number[] = [];
  let qrStore: Uint8Array | null = null;
  const flushText = (): void => {
    if (textBytes.length) cur.text += iconv.decode(Buffer.from(textBytes), 'gb18030');
    textBytes = [];
  };
  for (const t of tokenizeEscPos(bytes)) {
    switch (t.type) {
      case 'text':
        textBytes.push(...t.bytes);
        break;
      case 'lf':
        textBytes.push(LF);
        break;
      case 'qr_store':
        qrStore = t.data;
        break;
      case 'qr_print':
        if (qrStore) cur.qrCodes.push(Buffer.from(qrStore).toString('utf8'));
        break;
      case 'barcode':
        cur.barcodes.push(barcodeText(t.system, t.data));
        break;
      case 'cut':
        flushText();
        cur.cuts = 1;
        jobs.push(cur);
        cur = emptyPrint();
        break;
      default:
        break;
    }
  }
  flushText();
  if (cur.text || cur.qrCodes.length || cur.barcodes.length) jobs.push(cur);
  return jobs;
}

/** The whole byte stream as one print: text (GB18030 decoded), QR payloads, barcodes and the number of cuts. */
export function decodeEscPos(bytes: Uint8Array): DecodedPrint {
  const all = emptyPrint();
  for (const j of decodeEscPosJobs(bytes)) {
    all.text += j.text;
    all.qrCodes.push(...j.qrCodes);
    all.barcodes.push(...j.barcodes);
    all.cuts += j.cuts;
  }
  return all;
}
