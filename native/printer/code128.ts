/**
 * CODE128 for ESC/POS GS k 73: the data names its code sets ({B text, {C digit pairs as byte values 0–99), so
 * digit runs are packed two to a symbol and a 16-character case number fits 58 mm paper. The module width is
 * chosen from the paper so that the whole symbol with its quiet zones fits the printable dots.
 */

/** Quiet zone on each side, in modules (ISO/IEC 15417 asks for at least 10). */
export const CODE128_QUIET_MODULES = 10;
/** GS w accepts 2–6 on every common printer; wider than 3 gains nothing for a scanner at the counter. */
export const CODE128_MIN_MODULE = 2;
export const CODE128_MAX_MODULE = 3;

type Segment = { set: 'B' | 'C'; text: string };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Splits printable ASCII into code set B and C segments with few symbols (C for digit runs worth a switch). */
export function code128Segments(data: string): Segment[] {
  if (!/^[\x20-\x7e]+$/.test(data)) throw new RangeError('CODE128 here takes printable ASCII only');
  const out: Segment[] = [];
  const push = (set: Segment['set'], text: string): void => {
    const last = out[out.length - 1];
    if (last && last.set === set) last.text += text;
    else out.push({ set, text });
  };
  let i = 0;
  while (i < data.length) {
    if (!isDigit(data[i])) {
      push('B', data[i]!);
      i++;
      continue;
    }
    let n = 0;
    while (isDigit(data[i + n])) n++;
    const atStart = i === 0;
    const atEnd = i + n === data.length;
    // a switch costs one symbol, C saves one per pair: worth it from 2 digits alone, 4 at an end, 6 in the middle
    const threshold = atStart && atEnd ? 2 : atStart || atEnd ? 4 : 6;
    const run = data.slice(i, i + n);
    if (n < threshold) push('B', run);
    else if (n % 2 === 0) push('C', run);
    else if (atStart) {
      push('C', run.slice(0, -1));
      push('B', run.slice(-1));
    } else {
      push('B', run[0]!);
      push('C', run.slice(1));
    }
    i += n;
  }
  return out;
}

export interface Code128Command {
  /** The GS k 73 data: code set selectors and the encoded text. */
  body: Uint8Array;
  /** Symbols including start and check character (the stop pattern is 13 modules, the others 11). */
  symbols: number;
}

export function code128Command(data: string): Code128Command {
  const segments = code128Segments(data);
  const bytes: number[] = [];
  let symbols = 2 + segments.length - 1; // start + check, one code switch between segments
  for (const s of segments) {
    bytes.push(0x7b, s.set.charCodeAt(0));
    if (s.set === 'C') {
      for (let k = 0; k < s.text.length; k += 2) bytes.push(Number(s.text.slice(k, k + 2)));
      symbols += s.text.length / 2;
    } else {
      for (const ch of s.text) bytes.push(...(ch === '{' ? [0x7b, 0x7b] : [ch.charCodeAt(0)]));
      symbols += s.text.length;
    }
  }
  if (bytes.length > 255) throw new RangeError('CODE128 data too long');
  return { body: Uint8Array.from(bytes), symbols };
}

/** Modules of the bars (start to stop) for a symbol count, without quiet zones. */
export function code128BarModules(symbols: number): number {
  return symbols * 11 + 13;
}

/** The widest module width (dots) at which `data` with its quiet zones fits `dots`, or null when none does. */
export function code128ModuleWidth(data: string, dots: number): number | null {
  const total = code128BarModules(code128Command(data).symbols) + 2 * CODE128_QUIET_MODULES;
  const w = Math.min(CODE128_MAX_MODULE, Math.floor(dots / total));
  return w >= CODE128_MIN_MODULE ? w : null;
}
