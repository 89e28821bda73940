import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guideUrl } from '../../../src-main/contract/catalog';
import { renderGuidePdf } from '../../../src-main/core/catalog/guide-pdf';
import { guideThermalLines, wrapColumns } from '../../../src-main/core/catalog/guide-text';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { PdfFontError } from '../../../src-main/core/catalog/pdf-kit';
import { HANDBOOK_TITLE, renderQrHandbook, type QrPlacement } from '../../../src-main/core/catalog/qr-handbook';
import { displayWidth } from '../../../native/printer/escpos';

const catalog = loadCatalog();
const BASE = 'https://rsj.longwan.example/guide/';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'catalog-print-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Crops a square (in points) out of a rasterised page and decodes it with jsQR. */
function decodeAt(page: PNG, p: QrPlacement, dpi: number): string | null {
  const k = dpi / 72;
  const pad = 6;
  const x0 = Math.max(0, Math.floor(p.x * k) - pad);
  const y0 = Math.max(0, Math.floor(p.y * k) - pad);
  const w = Math.min(Math.ceil(p.size * k) + 2 * pad, page.width - x0, page.height - y0);
  const data = new Uint8ClampedArray(w * w * 4);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w; x++) {
      const s = ((y0 + y) * page.width + x0 + x) * 4;
      const d = (y * w + x) * 4;
      data[d] = page.data[s]!;
      data[d + 1] = page.data[s + 1]!;
      data[d + 2] = page.data[s + 2]!;
      data[d + 3] = 255;
    }
  }
  return jsQR(data, w, w)?.data ?? null;
}

describe('QR handbook', () => {
  const placements: QrPlacement[] = [];
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderQrHandbook(catalog, { guideBaseUrl: BASE, publisher: '温州市龙湾区人力资源和社会保障局', date: '2026-11-28', onPlace: (p) => placements.push(p) });
  });

  it('decodes all 119 QR codes from the rasterised PDF, each pointing at its item guide', () => {
    const file = path.join(tmp, 'handbook.pdf');
    writeFileSync(file, pdf);
    const dpi = 100;
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', file, path.join(tmp, 'page')]);
    const pages = readdirSync(tmp).filter((f) => f.startsWith('page-')).sort().map((f) => PNG.sync.read(readFileSync(path.join(tmp, f))));
    expect(placements).toHaveLength(119);
    const decoded = new Set<string>();
    for (const p of placements) {
      const text = decodeAt(pages[p.page]!, p, dpi);
      expect(text, p.code).toBe(guideUrl(BASE, p.code));
      decoded.add(text!);
    }
    expect([...decoded].sort()).toEqual(catalog.items.map((i) => guideUrl(BASE, i.code)).sort());
  });

  it('groups the codes by main item with real Chinese text', () => {
    const text = pdfText(pdf, 'handbook-text.pdf').replace(/\s+/g, '');
    expect(text).toContain(`《${HANDBOOK_TITLE}》`);
    let last = -1;
    for (const main of catalog.mainItems) {
      const at = text.indexOf(`${main.code}${main.name}`);
      expect(at, main.code).toBeGreaterThan(last);
      last = at;
    }
    expect(text).toContain('社会保障卡遗失补办');
  });
});

describe('guide PDF', () => {
  it('renders a whole guide as A4 with the Chinese font embedded and extractable', async () => {
    const item = catalog.items.find((i) => i.code === 'SI-11-01')!;
    const pdf = await renderGuidePdf(item, { mainName: '社会保障卡补换', guideBaseUrl: BASE });
    const file = path.join(tmp, 'guide.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595(\.\d+)? x 841(\.\d+)? pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJKsc-Regular.*yes\s+yes\s+yes/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const s of ['社会保障卡遗失补办', '承诺办结时限：15个工作日', '20.00元', '申请材料', '居民身份证', '12345', '常见问题']) expect(text).toContain(s);
  });

  it('fails clearly when the Chinese font is absent', async () => {
    const item = catalog.items[0]!;
    await expect(renderGuidePdf(item, { mainName: 'x', guideBaseUrl: BASE, font: { file: path.join(tmp, 'no-such-font.ttc') } })).rejects.toThrow(PdfFontError);
    await expect(renderGuidePdf(item, { mainName: 'x', guideBaseUrl: BASE, font: { file: path.join(tmp, 'no-such-font.ttc') } })).rejects.toThrow(/中文字体/);
  });
});

describe('thermal guide', () => {
  it.each([32, 48] as const)('fits every line of every guide in %i columns', (columns) => {
    for (const item of catalog.items) {
      const lines = guideThermalLines(item, { columns, guideBaseUrl: BASE });
      for (const line of lines) expect(displayWidth(line), `${item.code}: ${line}`).toBeLessThanOrEqual(columns);
      const joined = lines.join('');
      expect(joined).toContain(item.name.slice(0, 8));
      expect(joined.replace(/\s/g, '')).toContain(guideUrl(BASE, item.code));
      expect(joined).toContain(item.materials[0]!.name.slice(0, 4));
    }
  });

  it('does not start a line with closing punctuation', () => {
    const lines = wrapColumns('1.居民身份证（或社会保障卡）（原件1）', 32, '  ');
    for (const l of lines.slice(1)) expect(l.trimStart()[0]).not.toMatch(/[）】，。、：；」』]/);
  });
});
