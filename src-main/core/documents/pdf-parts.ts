/** Layout pieces shared by the A4 counter documents: dates, copy watermark, label/value tables, signatures. */
import { drawQr } from '../catalog/pdf-kit';
import type { CjkFontOptions, Pdf } from '../catalog/pdf-kit';

/** Options common to the A4 documents. */
export interface DocumentPdfOptions {
  /** Chinese font to embed (default: Noto Sans CJK SC from fonts-noto-cjk). */
  font?: CjkFontOptions;
}

export const INK = '#000000';
export const MUTED = '#555555';
export const RULE = '#999999';

/** '2026-11-28' → '2026年11月28日'; anything else is returned unchanged. */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : isoDate;
}

export const COPY_MARK = '副本 COPY';

/** Reprints: a large light diagonal "副本 COPY" under the content of every page (present and future). */
export function markAsCopy(doc: Pdf): void {
  const draw = (): void => {
    const { width, height } = doc.page;
    const saved = { x: doc.x, y: doc.y };
    doc.save();
    doc.rotate(-35, { origin: [width / 2, height / 2] });
    doc.fillColor('#b0b0b0').fillOpacity(0.35).fontSize(96);
    doc.text(COPY_MARK, 0, height / 2 - 60, { width, align: 'center', lineBreak: false });
    doc.restore();
    doc.fillColor(INK).fillOpacity(1);
    doc.x = saved.x;
    doc.y = saved.y;
  };
  draw();
  doc.on('pageAdded', draw);
}

/** A small boxed marker (e.g. '副本 COPY') at the top right corner, outside the content area. */
export function cornerMarker(doc: Pdf, text: string): void {
  const w = 90;
  const x = doc.page.width - doc.page.margins.right - w;
  const y = 18;
  doc.save();
  doc.rect(x, y, w, 20).lineWidth(1).strokeColor('#c00000').stroke();
  doc.fillColor('#c00000').fontSize(11).text(text, x, y + 4, { width: w, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillColor(INK);
}

/** Left edge and usable width of the page. */
export function contentBox(doc: Pdf): { left: number; width: number; bottom: number } {
  const left = doc.page.margins.left;
  return { left, width: doc.page.width - left - doc.page.margins.right, bottom: doc.page.height - doc.page.margins.bottom };
}

/** Moves to a new page when fewer than `needed` points remain above the bottom margin. */
export function ensureSpace(doc: Pdf, needed: number): void {
  if (doc.y + needed > contentBox(doc).bottom) doc.addPage();
}

export function sectionTitle(doc: Pdf, text: string): void {
  ensureSpace(doc, 48);
  doc.x = contentBox(doc).left;
  doc.moveDown(0.5).fontSize(12).fillColor(INK).text(text).moveDown(0.2);
}

/**
 * Bordered two-column table of label/value rows starting at doc.y (values wrap), `pairs` per row:
 * 2 puts two label/value pairs side by side. Breaks to a new page between rows.
 */
export function fieldTable(doc: Pdf, rows: readonly (readonly [string, string])[], opts: { width?: number; labelWidth?: number; pairs?: 1 | 2 } = {}): void {
  const { left, width: full } = contentBox(doc);
  const width = opts.width ?? full;
  const pairs = opts.pairs ?? 1;
  const labelW = opts.labelWidth ?? 72;
  const cellW = width / pairs;
  const valueW = cellW - labelW;
  doc.fontSize(10);
  for (let i = 0; i < rows.length; i += pairs) {
    const cells = rows.slice(i, i + pairs);
    const h = Math.max(...cells.map(([, v]) => doc.heightOfString(v || ' ', { width: valueW - 10 }))) + 10;
    ensureSpace(doc, h);
    const y = doc.y;
    cells.forEach(([label, value], j) => {
      const x = left + j * cellW;
      doc.rect(x, y, labelW, h).lineWidth(0.6).fillAndStroke('#f2f2f2', RULE);
      doc.rect(x + labelW, y, valueW, h).lineWidth(0.6).strokeColor(RULE).stroke();
      doc.fillColor(MUTED).text(label, x + 5, y + 5, { width: labelW - 10 });
      doc.fillColor(INK).text(value, x + labelW + 5, y + 5, { width: valueW - 10 });
    });
    doc.x = left;
    doc.y = y + h;
  }
  doc.fillColor(INK);
}

export interface SignatureBlock {
  /** Label of the applicant's signature box, e.g. '申请人签名'. */
  label: string;
  /** The captured signature (PNG); a blank line is drawn when absent. */
  png?: Uint8Array | undefined;
  /** Lines shown at the right: teller, window, date. */
  right: string[];
  /** Small print under the signature. */
  note?: string;
}

/** Signature box at the left (image fitted in 200×56 pt), teller block at the right; kept on one page. */
export function signatureBlock(doc: Pdf, s: SignatureBlock): void {
  const { left, width } = contentBox(doc);
  const boxW = 200;
  const boxH = 56;
  const lineH = 16;
  const height = Math.max(16 + boxH + (s.note ? 16 : 4), s.right.length * lineH);
  const gap = 12;
  if (doc.y + gap + height > contentBox(doc).bottom) doc.addPage();
  else doc.y += gap;
  const y = doc.y;
  doc.fontSize(10).fillColor(INK).text(`${s.label}：`, left, y);
  const imgY = y + 16;
  if (s.png) {
    doc.image(Buffer.from(s.png.buffer, s.png.byteOffset, s.png.byteLength), left, imgY, { fit: [boxW, boxH], valign: 'center' });
  }
  doc.moveTo(left, imgY + boxH).lineTo(left + boxW, imgY + boxH).lineWidth(0.6).strokeColor(INK).stroke();
  if (s.note) doc.fontSize(8).fillColor(MUTED).text(s.note, left, imgY + boxH + 4, { width: boxW + 60 });
  const rx = left + width / 2 + 20;
  doc.fontSize(10).fillColor(INK);
  s.right.forEach((line, i) => doc.text(line, rx, y + i * lineH, { width: width / 2 - 20 }));
  doc.x = left;
  doc.y = y + height;
  doc.fillColor(INK);
}

/**
 * The head of a one-page counter document: the copy marks on a reprint, a QR code with its caption at the top
 * right, and the title centred in the space left of it. Returns where the title column is, for the lines below it.
 */
export const HEAD_QR_SIZE = 96;

export function documentHead(
  doc: Pdf,
  h: { copy?: boolean; qrUrl: string; qrCaption: string; title: string; titleTopOffset: number },
): { left: number; width: number; top: number; titleWidth: number } {
  if (h.copy) {
    markAsCopy(doc);
    cornerMarker(doc, COPY_MARK);
  }
  const { left, width } = contentBox(doc);
  const top = doc.y;
  const qrSize = HEAD_QR_SIZE;
  const qrX = left + width - qrSize;
  drawQr(doc, h.qrUrl, qrX, top, qrSize);
  doc.fontSize(8).fillColor(MUTED).text(h.qrCaption, qrX, top + qrSize + 2, { width: qrSize, align: 'center' });
  const titleWidth = width - qrSize - 12;
  doc.fillColor(INK).fontSize(22).text(h.title, left, top + h.titleTopOffset, { width: titleWidth, align: 'center', characterSpacing: 4 });
  return { left, width, top, titleWidth };
}
