/**
 * Receipts with wrapped lines as a printer would lay them out, rendered by Chromium from the ESC/POS bytes and kept
 * as screenshots in the test output (test-results/e2e/…): the longest material name, a two-column row whose right
 * part wraps (咨询电话 0577-86987333（全国服务热线12333）) and the case barcode on 58 mm paper.
 */
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { measureEscPos } from '../../native/printer/escpos-decode';
import { PAPER, type PaperWidth } from '../../native/printer/escpos';
import { renderEscPosHtml } from '../../native/printer/render';
import { oneTimeNoticeThermal } from '../../src-main/core/documents/one-time-notice';
import { acceptanceReceipt } from '../../src-main/core/printing/receipt';
import { catalog, noticeFor, receiptFor } from '../unit/documents/samples';

/** The item with the longest material name (港澳台居民居住证、往来内地通行证或外国人永久居留身份证、护照 is 60 cells). */
const item = [...catalog.items].sort(
  (a, b) => Math.max(...b.materials.map((m) => m.name.length)) - Math.max(...a.materials.map((m) => m.name.length)),
)[0]!;

function receiptBytes(paper: PaperWidth): Uint8Array {
  return acceptanceReceipt({ ...receiptFor(item.code), statusText: '容缺受理', result: [] }, paper);
}

function noticeBytes(paper: PaperWidth): Uint8Array {
  const it = catalog.items.find((i) => i.guide.enquiryPhone.includes('全国服务热线'))!;
  return oneTimeNoticeThermal({ ...noticeFor(it.code, 'not_accepted'), enquiryPhone: it.guide.enquiryPhone }, paper);
}

for (const paper of ['58mm', '80mm'] as const) {
  test(`receipt and one-time notice on ${paper}: wrapped lines within the paper, screenshots kept`, async ({ page }, testInfo) => {
    const { columns, dots } = PAPER[paper];
    for (const [name, bytes] of [['receipt', receiptBytes(paper)], ['notice', noticeBytes(paper)]] as const) {
      const measured = measureEscPos(bytes);
      for (const l of measured.lines) expect(l.cells, l.text).toBeLessThanOrEqual(columns);
      for (const b of measured.barcodes) expect(b.dots).toBeLessThanOrEqual(dots);
      await page.setViewportSize({ width: dots, height: 400 });
      await page.setContent(await renderEscPosHtml(bytes, paper));
      const receipt = page.locator('#r');
      // the long phrases are on paper, spread over several lines
      const text = (await receipt.innerText()).replace(/\s+/g, '');
      if (name === 'receipt') {
        const longest = item.materials.map((m) => m.name).sort((a, b) => b.length - a.length)[0]!;
        expect(text).toContain(longest);
        expect(measured.barcodes.map((b) => b.data)).toEqual(['SB20261128000017']);
      } else expect(text).toContain('0577-86987333（全国服务热线12333）');
      const file = testInfo.outputPath(`${name}-${paper}.png`);
      await receipt.screenshot({ path: file });
      if (name === 'receipt') {
        // the bars drawn from the printed CODE128 symbol values, one pixel per printer dot, scan as the case number
        const zbar = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Scode128.enable', file], { encoding: 'utf8' });
        expect(zbar.stdout.trim()).toBe('SB20261128000017');
      }
      await testInfo.attach(`${name}-${paper}.png`, { path: file, contentType: 'image/png' });
    }
  });
}
