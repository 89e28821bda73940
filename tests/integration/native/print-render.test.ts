import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { escpos, renderEscPosText, twoColumns } from '../../../native/printer';
import { renderEscPosPng } from '../../../native/printer/render-png';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function sample(): Uint8Array {
  return escpos().init().align('center').bold().size(2, 2).line('业务回执').size().bold(false)
    .align('left').line(twoColumns('业务编号', 'C-0007', 48)).align('center').qr('https://example.invalid/r/C-0007', { moduleSize: 6 })
    .code128('C-0007').feed(1).cut().build();
}

describe('print job rendering', () => {
  it('renders text at the paper width with alignment, QR and barcode markers and the cut', () => {
    const text = renderEscPosText(sample(), '80mm');
    const lines = text.split('\n');
    expect(lines[0]).toBe(`${' '.repeat(16)}业务回执`); // double width: the title takes 16 of 48 columns, centred
    expect(lines[1]).toBe(twoColumns('业务编号', 'C-0007', 48));
    expect(text).toContain('[二维码] https://example.invalid/r/C-0007');
    expect(text).toContain('[条码] C-0007');
    expect(lines.at(-2)).toMatch(/^-+ ✂$/);
  });

  it.skipIf(!existsSync(CHROMIUM))('renders a PNG whose QR code scans back to the printed data', async () => {
    const png = await renderEscPosPng(sample(), { paper: '80mm', chromiumPath: CHROMIUM });
    const img = PNG.sync.read(Buffer.from(png));
    expect(img.width).toBe(576);
    const qr = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
    expect(qr?.data).toBe('https://example.invalid/r/C-0007');
    const dir = 'test-results/native';
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/receipt-80mm.png`, png); // artifact for humans, not committed
  });
});
