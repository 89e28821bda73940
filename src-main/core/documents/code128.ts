/**
 * CODE128 barcodes drawn as vector bars in a PDF. The symbol (code-set choice, check character, stop
 * pattern) comes from bwip-js; only the bars are drawn here, so they stay sharp at any print resolution.
 */
import bwipjs from 'bwip-js/node';
import { CODE128_QUIET_MODULES } from '../../../native/printer/code128';
import type { Pdf } from '../catalog/pdf-kit';

export { CODE128_QUIET_MODULES };

/** Bar and space widths in modules, alternating and starting with a bar, for `text` as CODE128. */
export function code128Widths(text: string): number[] {
  if (!/^[\x20-\x7e]+$/.test(text)) throw new RangeError('CODE128 here takes printable ASCII only');
  const [symbol] = bwipjs.raw({ bcid: 'code128', text });
  if (!symbol || !('sbs' in symbol)) throw new Error('bwip-js returned no linear symbol for CODE128');
  return symbol.sbs;
}

/** Total width in modules, quiet zones included. */
export function code128Modules(text: string): number {
  return code128Widths(text).reduce((a, b) => a + b, 0) + 2 * CODE128_QUIET_MODULES;
}

export interface BarcodeBox {
  /** Width of one module in points. */
  moduleWidth: number;
  /** Bar height in points. */
  height: number;
}

/**
 * Draws `text` as CODE128 with its left quiet zone starting at (x, y); returns the width drawn in points
 * (quiet zones included). The area is painted white first so nothing behind it can break the code.
 */
export function drawCode128(doc: Pdf, text: string, x: number, y: number, box: BarcodeBox): number {
  const widths = code128Widths(text);
  const m = box.moduleWidth;
  const total = (widths.reduce((a, b) => a + b, 0) + 2 * CODE128_QUIET_MODULES) * m;
  doc.save();
  doc.rect(x, y, total, box.height).fill('#ffffff');
  let at = x + CODE128_QUIET_MODULES * m;
  widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(at, y, w * m, box.height);
    at += w * m;
  });
  doc.fill('#000000');
  doc.restore();
  return total;
}
