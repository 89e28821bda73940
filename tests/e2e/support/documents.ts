import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';

export interface SavedPdf {
  /** Where the download was saved (under the test's output directory). */
  file: string;
  /** pdftotext of the whole document, whitespace removed (Chinese text comes out as characters, not boxes). */
  text: string;
  /** The first page at 60 dpi, saved and attached as a test artifact. */
  screenshot: string;
}

/**
 * Runs `trigger` (a click that makes the page offer a PDF), saves the download under the test's output directory,
 * extracts its text and keeps a screenshot of its first page as a test artifact.
 */
export async function downloadPdf(page: Page, testInfo: TestInfo, name: string, trigger: () => Promise<void>): Promise<SavedPdf> {
  // A failed call shows an error message instead of a download: report that rather than waiting for nothing.
  const failed = page.locator('.ant-message-error');
  const outcome = Promise.race([
    page.waitForEvent('download', { timeout: 60_000 }),
    failed.waitFor({ timeout: 60_000 }).then(async () => {
      throw new Error(`no PDF, the page says: ${await failed.innerText()}`);
    }),
  ]);
  outcome.catch(() => {}); // awaited below; keeps an early failure from being reported as unhandled
  await trigger();
  const download = await outcome;
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const file = testInfo.outputPath(`${name}.pdf`);
  await download.saveAs(file);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const base = testInfo.outputPath(name);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', file, base]);
  const screenshot = `${base}.png`;
  await testInfo.attach(`${name}.png`, { path: screenshot, contentType: 'image/png' });
  return { file, text, screenshot };
}

/** CODE128 symbols zbarimg finds on the PDF's pages rasterised at 200 dpi, in page order. */
export function code128In(pdf: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'onewindow-e2e-zbar-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '200', pdf, path.join(dir, 'page')]);
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]));
    return pages.flatMap((png) => {
      const r = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Scode128.enable', path.join(dir, png)], { encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg failed (${r.status})`); // 4: no symbol on the page
      return r.stdout.split('\n').filter((l) => l.length > 0);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Printed text with the receipt printer's line breaks and padding removed, so wrapped phrases can be found. */
export const squeeze = (text: string): string => text.replace(/\s+/g, '');
