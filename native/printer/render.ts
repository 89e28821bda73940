import iconv from 'iconv-lite';
import { displayWidth, PAPER, type Align, type PaperWidth } from './escpos';
import { decodeCode128Data, nextEscPosToken } from './escpos-decode';

/**
 * Renders captured ESC/POS bytes the way a receipt looks: as text (for logs of the emulator, tests and
 * training) and as HTML; render-png.ts turns that into a PNG for screenshots.
 */
export type PrintBlock =
  | { kind: 'line'; text: string; align: Align; bold: boolean; width: number; height: number }
  | { kind: 'qr'; data: string; align: Align; moduleSize: number }
  /** codewords: CODE128 symbol values from the start character (GS k 73), to draw the bars the printer would. */
  | { kind: 'barcode'; data: string; align: Align; codewords: number[] | null; moduleWidth: number; height: number }
  | { kind: 'cut' };

/** Layout blocks in print order (alignment, bold and size as set when each line was printed). */
export function layoutEscPos(bytes: Uint8Array): PrintBlock[] {
  const blocks: PrintBlock[] = [];
  let align: Align = 'left';
  let bold = false;
  let width = 1;
  let height = 1;
  let moduleSize = 6;
  let barModule = 3;
  let barHeight = 162;
  let text: number[] = [];
  let qr: Uint8Array | null = null;
  let pendingLine = false;
  const flush = (force: boolean): void => {
    if (!text.length && !force) return;
    blocks.push({ kind: 'line', text: iconv.decode(Buffer.from(text), 'gb18030'), align, bold, width, height });
    text = [];
  };
  // tokens drop command arguments, so the few that change layout are read from the raw bytes
  for (let off = 0, r = nextEscPosToken(bytes, 0); r; r = nextEscPosToken(bytes, off)) {
    const t = r.token;
    const start = off;
    off += r.length;
    const b0 = bytes[start];
    const b1 = bytes[start + 1];
    const arg = bytes[start + 2] ?? 0;
    if (t.type === 'text') {
      text.push(...t.bytes);
      pendingLine = true;
    } else if (t.type === 'lf') {
      flush(true);
      pendingLine = false;
    } else if (t.type === 'qr_store') qr = t.data;
    else if (t.type === 'qr_print') {
      if (pendingLine) flush(false);
      if (qr) blocks.push({ kind: 'qr', data: Buffer.from(qr).toString('utf8'), align, moduleSize });
    } else if (t.type === 'barcode') {
      if (pendingLine) flush(false);
      const code128 = t.system === 73 ? decodeCode128Data(t.data) : null;
      blocks.push({
        kind: 'barcode',
        data: code128 ? code128.text : Buffer.from(t.data).toString('latin1'),
        align,
        codewords: code128?.codewords ?? null,
        moduleWidth: barModule,
        height: barHeight,
      });
    } else if (t.type === 'cut') {
      flush(false);
      blocks.push({ kind: 'cut' });
    } else if (b0 === 0x1b && b1 === 0x61) align = arg % 48 === 1 ? 'center' : arg % 48 === 2 ? 'right' : 'left';
    else if (b0 === 0x1b && b1 === 0x45) bold = (arg & 1) === 1;
    else if (b0 === 0x1b && b1 === 0x40) {
      align = 'left';
      bold = false;
      width = height = 1;
    } else if (b0 === 0x1d && b1 === 0x21) {
      width = ((arg >> 4) & 7) + 1;
      height = (arg & 7) + 1;
    } else if (b0 === 0x1d && b1 === 0x28 && bytes[start + 2] === 0x6b && bytes[start + 6] === 0x43) {
      moduleSize = bytes[start + 7] ?? moduleSize;
    } else if (b0 === 0x1d && b1 === 0x77) barModule = arg;
    else if (b0 === 0x1d && b1 === 0x68) barHeight = arg;
    else if (b0 === 0x1b && b1 === 0x64) for (let i = 0; i < arg; i++) flush(true);
  }
  flush(false);
  return blocks;
}


/** Positions `s` as on paper: `scale` is the character width multiplier (GS !), so margins stay true to the paper. */
function place(s: string, align: Align, columns: number, scale = 1): string {
  const pad = Math.max(0, columns - displayWidth(s) * scale);
  if (align === 'center') return ' '.repeat(Math.floor(pad / 2)) + s;
  if (align === 'right') return ' '.repeat(pad) + s;
  return s;
}

/** Plain-text picture of the receipt at the paper's column width. */
export function renderEscPosText(bytes: Uint8Array, paper: PaperWidth = '80mm'): string {
  const columns = PAPER[paper].columns;
  const out: string[] = [];
  for (const b of layoutEscPos(bytes)) {
    if (b.kind === 'line') out.push(place(b.text, b.align, columns, b.width));
    else if (b.kind === 'qr') out.push(place(`[二维码] ${b.data}`, b.align, columns));
    else if (b.kind === 'barcode') out.push(place(`[条码] ${b.data}`, b.align, columns));
    else out.push('-'.repeat(columns - 4) + ' ✂');
  }
  return out.join('\n') + '\n';
}

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The CODE128 symbol as the printer draws it: bars from the printed symbol values (bwip-js adds check and stop), one
 * module `moduleWidth` pixels (= dots) wide, quiet zones of 10 modules each side.
 */
async function code128Svg(codewords: number[], moduleWidth: number, height: number): Promise<string> {
  const bwipjs = (await import('bwip-js/node')).default;
  // BWIPP's `raw` option: the text is the symbol values as ^NNN (not in bwip-js's option types)
  const text = codewords.map((c) => `^${String(c).padStart(3, '0')}`).join('');
  const [symbol] = bwipjs.raw({ bcid: 'code128', text, raw: true } as Parameters<typeof bwipjs.raw>[0]);
  if (!symbol || !('sbs' in symbol)) return '';
  const quiet = 10 * moduleWidth;
  let x = quiet;
  const rects: string[] = [];
  symbol.sbs.forEach((w, i) => {
    if (i % 2 === 0) rects.push(`<rect x="${x}" y="0" width="${w * moduleWidth}" height="${height}"/>`);
    x += w * moduleWidth;
  });
  const width = x + quiet;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" shape-rendering="crispEdges" style="background:#fff">${rects.join('')}</svg>`;
}

/** HTML picture of the receipt (QR codes as images, CODE128 as its bars). */
export async function renderEscPosHtml(bytes: Uint8Array, paper: PaperWidth = '80mm'): Promise<string> {
  const QRCode = (await import('qrcode')).default;
  const { dots } = PAPER[paper];
  const rows: string[] = [];
  for (const b of layoutEscPos(bytes)) {
    if (b.kind === 'line') {
      const style = `white-space:pre;text-align:${b.align};font-weight:${b.bold ? 700 : 400};font-size:${24 * b.height}px;` +
        `transform:scaleX(${b.width / b.height});transform-origin:${b.align === 'left' ? 'left' : b.align === 'right' ? 'right' : 'center'}`;
      rows.push(`<div style="${style}">${esc(b.text) || '&nbsp;'}</div>`);
    } else if (b.kind === 'qr') {
      const url = await QRCode.toDataURL(b.data, { margin: 2, scale: Math.max(2, b.moduleSize) });
      rows.push(`<div style="text-align:${b.align}"><img src="${url}" style="image-rendering:pixelated"></div>`);
    } else if (b.kind === 'barcode') {
      const bars = b.codewords ? await code128Svg(b.codewords, b.moduleWidth, b.height) : '▌▍▌▌▍▍▌▍▌';
      rows.push(`<div style="text-align:${b.align};font-family:monospace;line-height:1">${bars}<br>${esc(b.data)}</div>`);
    } else rows.push('<div style="border-top:2px dashed #999;margin:12px 0"></div>');
  }
  return `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#fff">` +
    `<div id="r" style="width:${dots}px;padding:12px 0;font-family:'Noto Sans Mono CJK SC','Noto Sans CJK SC',monospace;line-height:1.25;color:#111">` +
    `${rows.join('')}</div></body>`;
}
