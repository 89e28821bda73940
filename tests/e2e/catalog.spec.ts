import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { guideUrl } from '../../src-main/contract/catalog';
import { loadCatalog } from '../../src-main/core/catalog/load';
import { configSchema } from '../../src-main/core/config/schema';
import { startHarness, type Harness } from './support/harness';

/** The catalog the terminal ships: the test reads the expected guide from it, not from the screen. */
const catalog = loadCatalog();
/** The harness's terminal configuration leaves the public guide URL at its default. */
const GUIDE_BASE = configSchema.shape.guideBaseUrl.parse(undefined);
const DPI = 150;
/** Side of the tiles in which dark pixels are grouped into candidate QR codes (px at DPI). */
const TILE = 6;
/** A QR code in the handbook is 104 pt (217 px at 150 dpi); anything much smaller is text. */
const MIN_QR_PX = 100;

let h: Harness;
let scratch: string;

test.beforeEach(async () => {
  h = await startHarness();
  scratch = mkdtempSync(path.join(tmpdir(), 'onewindow-e2e-catalog-'));
});
test.afterEach(async () => {
  await h.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function saved(download: Download, file: string): Promise<string> {
  await download.saveAs(file);
  return file;
}

/**
 * Finds and decodes every QR code on a rasterised page without knowing the layout: dark pixels are grouped
 * into tiles, 8-connected tiles into regions, and every region at least the size of a QR code is decoded with
 * jsQR; a decoded code is blanked out and the region decoded again, so a region holding two codes yields both.
 */
function decodeQrCodes(page: PNG): string[] {
  const tw = Math.ceil(page.width / TILE);
  const th = Math.ceil(page.height / TILE);
  const dark = new Uint8Array(tw * th);
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      if (page.data[(y * page.width + x) * 4]! < 128) dark[Math.floor(y / TILE) * tw + Math.floor(x / TILE)] = 1;
    }
  }
  const seen = new Uint8Array(tw * th);
  const found: string[] = [];
  for (let start = 0; start < tw * th; start++) {
    if (!dark[start] || seen[start]) continue;
    let [x0, y0, x1, y1] = [tw, th, 0, 0];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const j = stack.pop()!;
      const jx = j % tw;
      const jy = (j - jx) / tw;
      [x0, y0, x1, y1] = [Math.min(x0, jx), Math.min(y0, jy), Math.max(x1, jx), Math.max(y1, jy)];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = jx + dx;
          const ny = jy + dy;
          const k = ny * tw + nx;
          if (nx >= 0 && ny >= 0 && nx < tw && ny < th && dark[k] && !seen[k]) {
            seen[k] = 1;
            stack.push(k);
          }
        }
      }
    }
    if ((x1 - x0 + 1) * TILE < MIN_QR_PX || (y1 - y0 + 1) * TILE < MIN_QR_PX) continue;
    found.push(...decodeRegion(page, x0 * TILE, y0 * TILE, (x1 + 1) * TILE, (y1 + 1) * TILE));
  }
  return found;
}

function decodeRegion(page: PNG, left: number, top: number, right: number, bottom: number): string[] {
  const pad = 12;
  const cx = Math.max(0, left - pad);
  const cy = Math.max(0, top - pad);
  const cw = Math.min(page.width, right + pad) - cx;
  const ch = Math.min(page.height, bottom + pad) - cy;
  const data = new Uint8ClampedArray(cw * ch * 4);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const v = page.data[((cy + y) * page.width + cx + x) * 4]!;
      data.fill(v, (y * cw + x) * 4, (y * cw + x) * 4 + 3);
      data[(y * cw + x) * 4 + 3] = 255;
    }
  }
  const found: string[] = [];
  for (let code = jsQR(data, cw, ch, { inversionAttempts: 'dontInvert' }); code; code = jsQR(data, cw, ch, { inversionAttempts: 'dontInvert' })) {
    found.push(code.data);
    const corners = [code.location.topLeftCorner, code.location.topRightCorner, code.location.bottomLeftCorner, code.location.bottomRightCorner];
    const ax = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.x))) - 4);
    const bx = Math.min(cw, Math.ceil(Math.max(...corners.map((p) => p.x))) + 4);
    const ay = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.y))) - 4);
    const by = Math.min(ch, Math.ceil(Math.max(...corners.map((p) => p.y))) + 4);
    for (let y = ay; y < by; y++) data.fill(255, (y * cw + ax) * 4, (y * cw + bx) * 4);
  }
  return found;
}

test('pinyin initials, keyboard pick, guide on screen, thermal and A4 guide, QR handbook with all 119 codes', async ({ page }, testInfo) => {
  // The second hit for 参保登记's initials, so that the arrow key matters.
  const item = catalog.items.find((i) => i.code === 'SI-01-02')!;
  const first = catalog.items.find((i) => i.code === 'SI-01-01')!;
  const main = catalog.mainItems.find((m) => m.code === item.mainCode)!;

  await page.goto(h.url);
  await expect(page.getByTestId('tab-intake')).toBeVisible();
  await page.keyboard.press('F3');
  // The intake tab (kept mounted) has its own search box: everything here is inside the guides tab.
  const guides = page.getByRole('tabpanel', { name: /办事指南/ });
  const input = guides.getByTestId('catalog-search-input');
  await expect(input).toBeFocused();

  // Keyboard only: initials, ↓ to the intended item, Enter.
  await page.keyboard.type('cbdj');
  await expect(guides.getByTestId(`catalog-hit-${first.code}`)).toHaveAttribute('aria-selected', 'true');
  await expect(guides.getByTestId(`catalog-hit-${item.code}`)).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowDown');
  await expect(guides.getByTestId(`catalog-hit-${item.code}`)).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await guides.getByTestId(`catalog-hit-${item.code}`).getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(guides.getByRole('listbox')).toBeHidden();

  const guide = page.getByTestId('guide-view');
  await expect(guide).toHaveAttribute('data-item-code', item.code);
  await expect(guide.getByRole('heading', { level: 3 })).toHaveText(item.name);
  await expect(guide).toContainText(main.name);
  for (const text of [item.guide.implementationCode, item.guide.implementingBody, item.guide.resultName, item.guide.enquiryPhone, ...item.guide.legalBasis, ...item.guide.conditions, ...item.guide.procedure]) {
    await expect(guide).toContainText(text);
  }
  await expect(guide).toContainText(`法定办结时限${item.guide.statutoryLimit!.value}个工作日`);
  await expect(guide).toContainText('承诺办结时限即办');
  const materials = page.getByTestId('guide-materials').locator('tbody tr.ant-table-row');
  await expect(materials).toHaveCount(item.materials.length);
  for (const [i, m] of item.materials.entries()) {
    await expect(materials.nth(i)).toContainText(m.name);
    await expect(materials.nth(i)).toContainText(m.deferrable ? '可容缺' : '否');
  }
  await page.screenshot({ path: testInfo.outputPath('guide.png'), fullPage: true });

  // The second language goes through the same layer; data stays as the catalog has it.
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(guide).toContainText('Promised time limit');
  await expect(guide).toContainText('On the spot');
  await expect(guide).toContainText('Materials');
  await expect(guide).not.toContainText('承诺办结时限');
  await expect(guide.getByRole('heading', { level: 3 })).toHaveText(item.name);
  await expect(page.getByTestId('guide-print-thermal')).toHaveText('Print short guide (receipt)');
  await page.getByRole('button', { name: '中文', exact: true }).click();
  await expect(guide).toContainText('承诺办结时限');

  // The short guide on the receipt printer.
  expect(h.printer.jobs()).toHaveLength(0);
  await page.getByTestId('guide-print-thermal').click();
  await expect.poll(() => h.printer.jobs().length).toBe(1);
  const receipt = h.printer.jobs()[0]!;
  expect(receipt.text).toContain(item.name);
  expect(receipt.qrCodes).toEqual([guideUrl(GUIDE_BASE, item.code)]);

  // The A4 guide, downloaded as the teller gets it.
  const [guideDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('guide-print-pdf').click()]);
  const guidePdf = await saved(guideDownload, testInfo.outputPath(guideDownload.suggestedFilename()));
  expect(guideDownload.suggestedFilename()).toMatch(/\.pdf$/);
  const guideText = execFileSync('pdftotext', [guidePdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(guideText).toContain(item.name);
  expect(guideText).toContain(item.guide.implementationCode);

  // 《办事指南二维码手册》: every one of the 119 items' codes, each exactly once.
  const [handbookDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-qr-handbook').click()]);
  const handbook = await saved(handbookDownload, testInfo.outputPath(handbookDownload.suggestedFilename()));
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-png', handbook, path.join(scratch, 'page')]);
  const pages = readdirSync(scratch).filter((f) => f.startsWith('page-') && f.endsWith('.png')).sort();
  expect(pages.length).toBeGreaterThan(1);
  const decoded = pages.flatMap((f) => decodeQrCodes(PNG.sync.read(readFileSync(path.join(scratch, f)))));
  const expected = catalog.items.map((i) => guideUrl(GUIDE_BASE, i.code)).sort();
  expect(expected).toHaveLength(119);
  expect([...decoded].sort()).toEqual(expected);
});
