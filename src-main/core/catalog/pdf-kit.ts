/**
 * Shared pdfkit helpers for catalog printouts: the embedded Chinese font (configurable, refused clearly
 * when absent), vector QR codes, and collecting a document into a Buffer.
 */
import { CoreError } from '../../contract/errors';
import { existsSync } from 'node:fs';
import type PDFDocumentClass from 'pdfkit';
import QRCode from 'qrcode';
import { lazyRequire } from '../util/lazy-require';

const pdfkit = lazyRequire<typeof PDFDocumentClass>('pdfkit');

export interface CjkFontOptions {
  /** A TTF/OTF/TTC file with Simplified Chinese glyphs. */
  file: string;
  /** For a collection (.ttc): the PostScript name of the face, e.g. 'NotoSansCJKsc-Regular'. */
  family?: string;
}

/** Debian/Ubuntu fonts-noto-cjk. On Windows terminals configure e.g. C:\Windows\Fonts\msyh.ttc + 'MicrosoftYaHei'. */
export const DEFAULT_CJK_FONT: CjkFontOptions = {
  file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  family: 'NotoSansCJKsc-Regular',
};

/** The configured Chinese font cannot be loaded: the call answers `unavailable` and names the font (config `documentFont`). */
export class PdfFontError extends CoreError {
  override name = 'PdfFontError';
  constructor(message: string) {
    super('unavailable', message, 'error.pdfFont');
  }
}

export const FONT = 'cjk';

export type Pdf = PDFKit.PDFDocument;

/** A4 document with the Chinese font registered and selected. Throws PdfFontError when the font is unusable. */
export function createA4(font: CjkFontOptions = DEFAULT_CJK_FONT, info: { title: string }): Pdf {
  if (!existsSync(font.file)) {
    throw new PdfFontError(`打印所需的中文字体文件不存在：${font.file}（请安装 fonts-noto-cjk，或在配置中指定中文字体文件）`);
  }
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: 48, bufferPages: true, info: { Title: info.title, Creator: 'OneWindow 一窗通' } });
  try {
    doc.registerFont(FONT, font.file, font.family ?? '');
    doc.font(FONT);
  } catch (err) {
    throw new PdfFontError(`无法加载中文字体 ${font.file}${font.family ? `（${font.family}）` : ''}：${(err as Error).message}`);
  }
  return doc;
}

/** Ends the document and resolves with its bytes. */
export function finish(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Draws `text` as a vector QR code (error correction M, the standard 4-module quiet zone) in a `size`-point square. */
export function drawQr(doc: Pdf, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  // One rectangle per horizontal run of dark modules: fewer edges, no hairline seams when rasterised.
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; ) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (start + quiet) * cell, y + (r + quiet) * cell, (c - start) * cell, cell + 0.02);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

/** Adds "第 n 页 / 共 m 页" to every page (needs bufferPages). */
export function numberPages(doc: Pdf, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - 30;
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(8).fillColor('#666666').text(`${label}    第 ${i + 1} 页 / 共 ${range.count} 页`, 48, bottom, {
      width: doc.page.width - 96,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = saved;
  }
  doc.fillColor('#000000');
}
