import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../native/printer/escpos-decode';
import { displayWidth, PAPER } from '../../../native/printer/escpos';
import {
  ONE_TIME_NOTICE_BASIS, oneTimeNoticePdf, oneTimeNoticeThermal, type OneTimeNoticeData,
} from '../../../src-main/core/documents/one-time-notice';
import { pdfWorkspace, zbar } from './pdf-tools';
import { FULL_ID, FULL_NAME, ID_MASKED, item, NAME_MASKED, noticeFor, SIGNATURE_SIZE, signaturePng } from './samples';

const ws = pdfWorkspace('one-time-notice-');
afterAll(() => ws.cleanup());

const squash = (s: string): string => s.replace(/\s+/g, '');
const deferred = noticeFor('MI-27-02', 'accepted_deferred');
const refused = noticeFor('MI-27-02', 'not_accepted');

function expectCommonContent(text: string, d: OneTimeNoticeData): void {
  for (const s of [
    '一次性告知书', NAME_MASKED, ID_MASKED, d.itemCode, d.itemName, '本告知书一次性告知所需全部材料', ONE_TIME_NOTICE_BASIS,
    ...d.legalBasis, ...d.materials.map((m) => m.name), d.enquiryPhone, d.tellerId, d.branchCode,
  ]) {
    expect(text, s).toContain(squash(s));
  }
  expect(text).not.toContain(FULL_ID);
  expect(text).not.toContain(FULL_NAME);
}

describe('one-time notice on the receipt printer', () => {
  it.each(['58mm', '80mm'] as const)('accepted with deferred materials, %s: text, deadline, guide QR, case barcode, line widths', (paper) => {
    const print = decodeEscPos(oneTimeNoticeThermal(deferred, paper));
    expect(deferred.materials.length).toBeGreaterThanOrEqual(2);
    const text = squash(print.text);
    expectCommonContent(text, deferred);
    expect(text).toContain('容缺受理');
    expect(text).toContain(squash('经初审，您申请办理的'));
    expect(text).toContain('尚缺以下材料，请于2026年12月5日前补齐');
    expect(text).toContain('补齐期限2026-12-05前');
    expect(print.qrCodes).toEqual([deferred.guideUrl]);
    expect(print.barcodes).toEqual(['SB20261128000017']);
    expect(print.cuts).toBe(1);
    // the title is printed double width; every other line fits the paper
    for (const line of print.text.split('\n').filter((l) => l !== '一次性告知书')) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(PAPER[paper].columns);
    }
  });

  it('not accepted: lists every required material, no deadline, the short registration number instead of a case number, no barcode', () => {
    const print = decodeEscPos(oneTimeNoticeThermal(refused, '58mm'));
    const text = squash(print.text);
    expectCommonContent(text, refused);
    expect(refused.materials).toHaveLength(item('MI-27-02').materials.filter((m) => m.required).length);
    expect(text).toContain('暂不予受理');
    expect(text).toContain('请补齐后再次到窗口申请');
    expect(text).not.toContain('补齐期限');
    expect(text).not.toContain('容缺受理');
    expect(text).toContain('登记编号DJ20261128-03-007');
    expect(text).not.toContain(refused.caseId);
    expect(print.barcodes).toEqual([]);
    expect(print.qrCodes).toEqual([refused.guideUrl]);
  });

  it('marks a reprint as a copy', () => {
    expect(decodeEscPos(oneTimeNoticeThermal({ ...deferred, copy: true }, '80mm')).text).toContain('副本 COPY');
    expect(decodeEscPos(oneTimeNoticeThermal(deferred, '80mm')).text).not.toContain('副本');
  });
});

describe('one-time notice as A4 PDF', () => {
  it('accepted with deferred materials: real Chinese text, embedded font, guide QR, signature image', async () => {
    const pdf = await oneTimeNoticePdf({ ...deferred, signaturePng: signaturePng() });
    const file = ws.save(pdf, 'deferred');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)/);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/NotoSansCJKsc-Regular.*yes\s+yes\s+yes/);
    const text = ws.text(pdf, 'deferred-text');
    expectCommonContent(text, deferred);
    expect(text).toContain('容缺受理');
    expect(text).toContain('补齐期限：2026年12月5日前');
    expect(text).toContain('SB20261128000017');
    expect(text).not.toContain('副本');
    const [page1] = ws.rasterise(pdf, 'deferred-raster', 150);
    expect(zbar(page1!, 'qrcode')).toEqual([deferred.guideUrl]);
    expect(ws.images(pdf, 'deferred-images')).toContainEqual({ type: 'image', ...SIGNATURE_SIZE });
    ws.artifact(page1!, 'one-time-notice-deferred');
  });

  it('not accepted, reprinted: lists everything missing, marked as a copy, blank signature line when none was captured', async () => {
    const pdf = await oneTimeNoticePdf({ ...refused, copy: true });
    const text = ws.text(pdf, 'refused');
    expectCommonContent(text, refused);
    expect(text).toContain('暂不予受理');
    expect(text).toContain('副本COPY');
    expect(text).toContain('登记编号：DJ20261128-03-007');
    expect(text).not.toContain(refused.caseId);
    expect(ws.images(pdf, 'refused-images')).toEqual([]);
    const [page1] = ws.rasterise(pdf, 'refused-raster', 150);
    expect(zbar(page1!, 'qrcode')).toEqual([refused.guideUrl]);
    ws.artifact(page1!, 'one-time-notice-refused');
  });
});
