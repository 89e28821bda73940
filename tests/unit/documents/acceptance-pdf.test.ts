import { afterAll, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../native/printer/escpos-decode';
import { acceptanceReceipt } from '../../../src-main/core/printing/receipt';
import { acceptanceReceiptPdf } from '../../../src-main/core/documents/acceptance-pdf';
import { pdfWorkspace, zbar } from './pdf-tools';
import { FULL_ID, FULL_NAME, ID_MASKED, NAME_MASKED, receiptFor, SIGNATURE_SIZE, signaturePng } from './samples';

const ws = pdfWorkspace('acceptance-pdf-');
afterAll(() => ws.cleanup());

const squash = (s: string): string => s.replace(/\s+/g, '');
const data = receiptFor('MI-27-02');

describe('A4 acceptance receipt', () => {
  it('carries the thermal receipt content, the signature, the progress QR and the case barcode', async () => {
    const pdf = await acceptanceReceiptPdf({ ...data, signaturePng: signaturePng() });
    const text = ws.text(pdf, 'receipt');
    const values = [
      data.title, data.caseNo!, data.itemCode, data.itemName, NAME_MASKED, ID_MASKED, data.statusText, data.acceptedAt, data.promisedDate!,
      ...data.materialsReceived, ...data.materialsDeferred, data.feedbackText, data.tellerId, data.branchCode, ...data.result.flat(),
    ];
    expect(data.materialsReceived.length).toBeGreaterThan(2);
    expect(data.materialsDeferred.length).toBeGreaterThan(0);
    for (const v of values) expect(text, v).toContain(squash(v));
    // the same values are on the thermal receipt laid out from the same data
    const thermal = squash(decodeEscPos(acceptanceReceipt(data, '80mm')).text);
    for (const v of values) expect(thermal, v).toContain(squash(v));
    expect(text).not.toContain(FULL_ID);
    expect(text).not.toContain(FULL_NAME);
    expect(text).not.toContain('副本');

    const [page1] = ws.rasterise(pdf, 'receipt-raster', 150);
    expect(zbar(page1!, 'qrcode')).toEqual([data.progressUrl]);
    expect(zbar(page1!, 'code128')).toEqual([data.caseNo]);
    expect(ws.images(pdf, 'receipt-images')).toContainEqual({ type: 'image', ...SIGNATURE_SIZE });
    ws.artifact(page1!, 'acceptance-receipt');
  });

  it('a reprint is marked 副本 COPY; before a case number exists it says so and the barcode carries the case id prefix', async () => {
    const pdf = await acceptanceReceiptPdf({ ...data, caseNo: null, copy: true, promisedDate: null, result: [] });
    const text = ws.text(pdf, 'copy');
    expect(text).toContain('副本COPY');
    expect(text).toContain('受理编号：待回传');
    const [page1] = ws.rasterise(pdf, 'copy-raster', 150);
    expect(zbar(page1!, 'code128')).toEqual([data.caseId.slice(0, 18)]);
    expect(ws.images(pdf, 'copy-images')).toEqual([]);
    ws.artifact(page1!, 'acceptance-receipt-copy');
  });
});
