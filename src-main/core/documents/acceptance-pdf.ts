/**
 * A4 acceptance receipt (受理回执 / 受理凭证): the thermal receipt's content on A4, with the citizen's
 * signature, the progress-enquiry QR code, the case number as CODE128, and a 副本 COPY mark on reprints.
 */
import type { ReceiptData } from '../printing/receipt';
import { createA4, finish, numberPages } from '../catalog/pdf-kit';
import { code128Modules, drawCode128 } from './code128';
import { documentHead, fieldTable, HEAD_QR_SIZE, INK, MUTED, sectionTitle, signatureBlock, type DocumentPdfOptions } from './pdf-parts';

export interface AcceptancePdfData extends ReceiptData {
  /** The citizen's signature as captured on the pad. */
  signaturePng?: Uint8Array;
}

/** What the receipt's barcode carries: the case number, or (before it is known) the start of the case id, as on the thermal receipt. */
export function receiptBarcodeText(d: Pick<ReceiptData, 'caseNo' | 'caseId'>): string {
  return d.caseNo ?? d.caseId.slice(0, 18);
}

/** Renders the acceptance receipt as an A4 PDF (Chinese font embedded). Throws PdfFontError when the font is missing. */
export async function acceptanceReceiptPdf(d: AcceptancePdfData, options: DocumentPdfOptions = {}): Promise<Buffer> {
  const caseRef = d.caseNo ?? '待回传';
  const doc = createA4(options.font, { title: `${d.title} ${d.caseNo ?? d.caseId}` });
  const { left, width, top, titleWidth: titleW } = documentHead(doc, { copy: d.copy, qrUrl: d.progressUrl, qrCaption: '扫码查询办理进度', title: d.title, titleTopOffset: 4 });
  doc.moveDown(0.3).fontSize(10).fillColor(MUTED).text(`受理编号：${caseRef}`, { width: titleW, align: 'center' });
  const code = receiptBarcodeText(d);
  const moduleWidth = 1;
  const codeW = code128Modules(code) * moduleWidth;
  drawCode128(doc, code, left + (titleW - codeW) / 2, doc.y + 4, { moduleWidth, height: 30 });
  doc.x = left;
  doc.y = Math.max(doc.y + 40, top + HEAD_QR_SIZE + 16) + 6;

  const facts: [string, string][] = [
    ['申请人', d.applicantNameMasked],
    ['证件号码', d.applicantIdMasked],
    ['受理时间', d.acceptedAt],
    ['办理状态', d.statusText],
    ['承诺办结', d.promisedDate ?? '即办'],
    ['结果告知', d.feedbackText],
    ['办理网点', `${d.branchCode} ${d.windowNo}号窗口`],
    ['经办柜员', d.tellerId],
  ];
  fieldTable(doc, facts, { pairs: 2 });
  fieldTable(doc, [['申请事项', `${d.itemCode}  ${d.itemName}`], ...d.result]);

  if (d.materialsReceived.length > 0) {
    sectionTitle(doc, `已收材料（共 ${d.materialsReceived.length} 项）`);
    doc.fontSize(10);
    d.materialsReceived.forEach((m, i) => doc.text(`${i + 1}. ${m}`, left, doc.y, { width, paragraphGap: 2 }));
  }
  if (d.materialsDeferred.length > 0) {
    sectionTitle(doc, `容缺待补材料（共 ${d.materialsDeferred.length} 项）`);
    doc.fontSize(10);
    d.materialsDeferred.forEach((m, i) => doc.text(`${i + 1}. ${m}`, left, doc.y, { width, paragraphGap: 2 }));
    doc.fontSize(9).fillColor(MUTED).text('请按一次性告知书所列期限补齐上述材料。', left, doc.y, { width }).fillColor(INK);
  }
  doc.moveDown(0.8).fontSize(10).fillColor(INK);
  doc.text('本回执为您所申请事项的受理凭证，请妥善保管。可扫描二维码或凭受理编号查询办理进度。', left, doc.y, { width });

  signatureBlock(doc, {
    label: '申请人签名',
    png: d.signaturePng,
    right: [`经办柜员：${d.tellerId}`, `办理网点：${d.branchCode}`, `窗口：${d.windowNo}号窗口`, `受理时间：${d.acceptedAt}`],
    note: '电子签名与手写签名具有同等法律效力',
  });
  numberPages(doc, `${d.title} ${caseRef}`);
  return finish(doc);
}
