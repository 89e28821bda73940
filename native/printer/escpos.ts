import iconv from 'iconv-lite';
import { code128Command, code128ModuleWidth } from './code128';
import { twoColumnLines, wrapColumns } from './text-layout';

/**
 * ESC/POS command builder for Chinese receipt printers: GB18030 text in Kanji mode (FS &), bold, size,
 * alignment, QR (GS ( k, model 2, UTF-8 data), CODE128 (GS k 73) and cut (GS V).
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

/** Paper widths: printable dots and columns of the 12×24 ASCII font (a Chinese character takes two). */
export const PAPER = {
  '58mm': { dots: 384, columns: 32 },
  '80mm': { dots: 576, columns: 48 },
} as const;
export type PaperWidth = keyof typeof PAPER;

export { displayWidth, twoColumnLines, twoColumns, wrapColumns } from './text-layout';

export class EscPosBuilder {
  private readonly parts: Uint8Array[] = [];
  /** Character width magnification set by size(): wrapping divides the paper's cells by it. */
  private widthScale = 1;

  raw(bytes: ArrayLike<number>): this {
    this.parts.push(Uint8Array.from(bytes));
    return this;
  }

  /** ESC @ (reset) then FS & (Chinese/Kanji mode on, so GB18030 double bytes print as hanzi). */
  init(): this {
    this.widthScale = 1;
    return this.raw([ESC, 0x40, FS, 0x26]);
  }

  /** Text in GB18030. Newlines become LF. */
  text(s: string): this {
    const bytes = iconv.encode(s.replace(/\r\n?/g, '\n'), 'gb18030');
    return this.raw(bytes);
  }

  line(s = ''): this {
    return this.text(s).raw([LF]);
  }

  /** `text` wrapped to `columns` cells of paper (fewer at a magnified size), continuation lines indented. */
  wrapped(text: string, columns: number, indent = ''): this {
    for (const l of wrapColumns(text, Math.floor(columns / this.widthScale), indent)) this.line(l);
    return this;
  }

  /** A label and its value on one row, or on aligned rows when either side has to wrap. */
  pair(left: string, right: string, columns: number): this {
    for (const l of twoColumnLines(left, right, Math.floor(columns / this.widthScale))) this.line(l);
    return this;
  }

  bold(on = true): this {
    return this.raw([ESC, 0x45, on ? 1 : 0]);
  }

  /** Character magnification 1–8 in each direction (GS !). */
  size(width = 1, height = 1): this {
    const w = Math.min(8, Math.max(1, Math.trunc(width))) - 1;
    const h = Math.min(8, Math.max(1, Math.trunc(height))) - 1;
    this.widthScale = w + 1;
    return this.raw([GS, 0x21, (w << 4) | h]);
  }

  align(a: Align): this {
    return this.raw([ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2]);
  }

  feed(lines = 1): this {
    return this.raw([ESC, 0x64, Math.min(255, Math.max(0, lines))]);
  }

  /** QR code, model 2. Data is UTF-8; the store command's pL pH cover data + 3. */
  qr(data: string, opts: { moduleSize?: number; level?: QrErrorLevel } = {}): this {
    const payload = Buffer.from(data, 'utf8');
    const storeLen = payload.length + 3;
    if (storeLen > 0xffff) throw new RangeError('QR data too long');
    const level = { L: 48, M: 49, Q: 50, H: 51 }[opts.level ?? 'M'];
    const size = Math.min(16, Math.max(1, opts.moduleSize ?? 6));
    return this.raw([GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00]) // model 2
      .raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, size])
      .raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, level])
      .raw([GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30])
      .raw(payload)
      .raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]); // print
  }

  /**
   * CODE128 via GS k 73 with code sets B and C (digit runs two to a symbol), human-readable text below. The module
   * width is the widest (2–3 dots) at which the symbol and its quiet zones fit `dots` (default: 58 mm paper);
   * throws RangeError when it fits at none, or for anything but printable ASCII.
   */
  code128(data: string, opts: { height?: number; dots?: number } = {}): this {
    const moduleWidth = code128ModuleWidth(data, opts.dots ?? PAPER['58mm'].dots);
    if (moduleWidth === null) throw new RangeError('CODE128 symbol does not fit the paper');
    const { body } = code128Command(data);
    return this.raw([GS, 0x48, 2]) // HRI below
      .raw([GS, 0x68, Math.min(255, Math.max(1, opts.height ?? 80))])
      .raw([GS, 0x77, moduleWidth])
      .raw([GS, 0x6b, 73, body.length])
      .raw(body);
  }

  /** The CODE128 symbol when it fits `dots`, otherwise `data` as a text line (a long reference still gets printed). */
  code128OrText(data: string, opts: { height?: number; dots: number }): this {
    const fits = /^[\x20-\x7e]+$/.test(data) && data.length <= 120 && code128ModuleWidth(data, opts.dots) !== null;
    // the 12×24 font: one cell is 12 dots
    return fits ? this.code128(data, opts) : this.wrapped(data, Math.floor(opts.dots / 12));
  }

  /** Feeds to the cutter and cuts (GS V 66 n: feed n then partial cut; GS V 65 n: full cut). */
  cut(opts: { partial?: boolean; feed?: number } = {}): this {
    return this.raw([GS, 0x56, opts.partial ? 66 : 65, Math.min(255, Math.max(0, opts.feed ?? 3))]);
  }

  build(): Uint8Array {
    return Uint8Array.from(Buffer.concat(this.parts));
  }
}

export function escpos(): EscPosBuilder {
  return new EscPosBuilder();
}

/** DLE EOT n real-time status request, n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor. */
export function statusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}
