import { describe, expect, it } from 'vitest';
import { decodeEscPos, measureEscPos } from '../../../native/printer/escpos-decode';
import { PAPER, type PaperWidth } from '../../../native/printer/escpos';
import { guideThermal } from '../../../src-main/core/catalog/guide-text';
import { oneTimeNoticeThermal } from '../../../src-main/core/documents/one-time-notice';
import { acceptanceReceipt, type ReceiptData } from '../../../src-main/core/printing/receipt';
import { catalog, GUIDE_BASE, noticeFor, receiptFor } from './samples';

/**
 * Every thermal document for every catalog item on both papers, decoded from the printed bytes by the ESC/POS
 * decoder, which counts cells from the GB18030 byte structure (not with the layout's own width function) and
 * barcode dots from the GS k code sets and the GS w module width.
 */
/** `barcode`: what the case barcode must decode to; `reference`: printed as a barcode where it fits, else as text. */
type Doc = { name: string; bytes: Uint8Array; barcode?: string; reference?: string };

function documentsFor(code: string, paper: PaperWidth): Doc[] {
  const receipt: ReceiptData = receiptFor(code);
  const result: ReceiptData = {
    ...receipt,
    copy: true,
    statusText: '已办结',
    result: [['证明编号', 'ZM330303202612010001'], ['金额', '1280.00元'], ['缴费时间', '2026-12-01 10:42']],
  };
  const enquiryPhone = catalog.items.find((i) => i.code === code)!.guide.enquiryPhone;
  const deferred = { ...noticeFor(code, 'accepted_deferred'), enquiryPhone };
  const refused = { ...noticeFor(code, 'not_accepted'), enquiryPhone };
  const docs: Doc[] = [
    { name: 'receipt', bytes: acceptanceReceipt(receipt, paper), barcode: receipt.caseNo! },
    { name: 'receipt copy', bytes: acceptanceReceipt({ ...receipt, copy: true }, paper), barcode: receipt.caseNo! },
    { name: 'receipt before a case number', bytes: acceptanceReceipt({ ...receipt, caseNo: null }, paper), reference: receipt.caseId.slice(0, 18) },
    { name: 'result notice', bytes: acceptanceReceipt(result, paper), barcode: result.caseNo! },
    { name: 'refused notice', bytes: oneTimeNoticeThermal(refused, paper) },
    { name: 'guide', bytes: guideThermal(catalog.items.find((i) => i.code === code)!, { columns: PAPER[paper].columns, guideBaseUrl: GUIDE_BASE }) },
  ];
  if (deferred.materials.length > 0) docs.push({ name: 'deferred notice', bytes: oneTimeNoticeThermal(deferred, paper), barcode: deferred.caseNo! });
  return docs;
}

describe('thermal documents fit the paper', () => {
  it('the catalog has the 119 items the documents are rendered for', () => {
    expect(catalog.items).toHaveLength(119);
  });

  it.each(['58mm', '80mm'] as const)('%s: no line wider than the paper, every barcode within its dots and decoding to the case number', (paper) => {
    const { columns, dots } = PAPER[paper];
    const over: string[] = [];
    let checked = 0;
    for (const item of catalog.items) {
      for (const doc of documentsFor(item.code, paper)) {
        const { lines, barcodes } = measureEscPos(doc.bytes);
        for (const l of lines) if (l.cells > columns) over.push(`${item.code} ${doc.name}: ${l.cells}/${columns} ${l.text}`);
        for (const b of barcodes) if (b.dots === null || b.dots > dots) over.push(`${item.code} ${doc.name}: barcode ${b.data} ${b.dots}/${dots} dots`);
        const decoded = decodeEscPos(doc.bytes);
        if (doc.barcode) expect(decoded.barcodes, `${item.code} ${doc.name}`).toEqual([doc.barcode]);
        if (doc.reference) expect([...decoded.barcodes, ...decoded.text.split('\n')]).toContain(doc.reference);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(119 * 6);
    expect(over.slice(0, 20), `${over.length} overflows`).toEqual([]);
  });
});

describe('a case number too long for a barcode', () => {
  it.each(['58mm', '80mm'] as const)('%s: is printed as wrapped text instead', (paper) => {
    const caseNo = 'ZJ-LW-2026-1128-SHEBAO-0000000000017-DEFERRED-A';
    const bytes = acceptanceReceipt({ ...receiptFor('SI-01-01'), caseNo }, paper);
    const { lines, barcodes } = measureEscPos(bytes);
    expect(barcodes).toEqual([]);
    expect(lines.filter((l) => l.cells > PAPER[paper].columns)).toEqual([]);
    expect(decodeEscPos(bytes).text.replace(/\s+/g, '')).toContain(caseNo);
  });
});

describe('printer test page', () => {
  it.each(['58mm', '80mm'] as const)('%s: a long connection name wraps within the paper', async (paper) => {
    const { testPageBytes } = await import('../../../src-main/core/devices/printer-device');
    const connection = 'Windows spooler 营业厅二号窗口 EPSON TM-T82III Receipt（USB001 虚拟打印机端口）';
    const bytes = testPageBytes(paper, connection, new Date(2026, 10, 28, 9, 15, 0));
    const over = measureEscPos(bytes).lines.filter((l) => l.cells > PAPER[paper].columns);
    expect(over).toEqual([]);
    expect(decodeEscPos(bytes).text.replace(/\s+/g, '')).toContain(connection.replace(/\s+/g, ''));
  });
});

describe('two-column rows', () => {
  it('wraps a long right part right-aligned beside its label, both sides within the paper', async () => {
    const { twoColumnLines, displayWidth } = await import('../../../native/printer/escpos');
    const rows = twoColumnLines('咨询电话', '0577-86987333（全国服务热线12333）', 32);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]!.startsWith('咨询电话 ')).toBe(true);
    for (const r of rows) expect(displayWidth(r)).toBeLessThanOrEqual(32);
    // the right column ends at the paper's edge on every row it occupies
    for (const r of rows) expect(displayWidth(r)).toBe(32);
    expect(rows.map((r) => r.slice(4).trim()).join('')).toBe('0577-86987333（全国服务热线12333）');
  });

  it('counts every character GB18030 encodes in two or more bytes as two cells', async () => {
    const { displayWidth } = await import('../../../native/printer/escpos');
    expect(displayWidth('“”—·…')).toBe(10);
    expect(displayWidth('社保AB')).toBe(6);
  });
});
