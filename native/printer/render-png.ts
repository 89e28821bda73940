import { PAPER, type PaperWidth } from './escpos';
import { renderEscPosHtml } from './render';

/**
 * Development / test tool, not for the packaged app: needs Chromium and Playwright (a dev dependency),
 * which is why it is not exported from ./index.
 */
/** PNG screenshot of the receipt through Chromium (Playwright). */
export async function renderEscPosPng(
  bytes: Uint8Array,
  opts: { paper?: PaperWidth; chromiumPath?: string } = {},
): Promise<Uint8Array> {
  const html = await renderEscPosHtml(bytes, opts.paper ?? '80mm');
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: PAPER[opts.paper ?? '80mm'].dots, height: 200 } });
    await page.setContent(html);
    return Uint8Array.from(await page.locator('#r').screenshot({ type: 'png' }));
  } finally {
    await browser.close();
  }
}
