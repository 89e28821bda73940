/** Test helpers: real poppler and zbar tools on the PDFs the documents module produces. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-results/documents');

export interface PdfWorkspace {
  /** Writes the PDF under `name` in a fresh temp dir and returns its path. */
  save(pdf: Buffer, name: string): string;
  /** Text of the whole document with all whitespace removed (pdftotext). */
  text(pdf: Buffer, name: string): string;
  /** Text of each page in layout order (table rows read left to right), whitespace removed. */
  pageTexts(pdf: Buffer, name: string): string[];
  /** Rasterises every page (PNG at `dpi`), returns the PNG paths in page order. */
  rasterise(pdf: Buffer, name: string, dpi: number): string[];
  /** Images embedded in the PDF as listed by pdfimages (width × height, type image/smask). */
  images(pdf: Buffer, name: string): { type: string; width: number; height: number }[];
  /** Keeps a rasterised page as test-results/documents/<name>.png (a test artifact, git-ignored). */
  artifact(png: string, name: string): string;
  cleanup(): void;
}

export function pdfWorkspace(prefix: string): PdfWorkspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const save = (pdf: Buffer, name: string): string => {
    const file = path.join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    return file;
  };
  const pages = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  return {
    save,
    text: (pdf, name) => execFileSync('pdftotext', [save(pdf, name), '-'], { encoding: 'utf8' }).replace(/\s+/g, ''),
    pageTexts(pdf, name) {
      const file = save(pdf, name);
      return Array.from({ length: pages(file) }, (_, i) =>
        execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''),
      );
    },
    rasterise(pdf, name, dpi) {
      const file = save(pdf, name);
      const out = path.join(dir, `${name}-page`);
      execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, out]);
      return readdirSync(dir)
        .filter((f) => f.startsWith(`${name}-page-`) && f.endsWith('.png'))
        .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)![1]) - Number(/-(\d+)\.png$/.exec(b)![1]))
        .map((f) => path.join(dir, f));
    },
    images(pdf, name) {
      const list = execFileSync('pdfimages', ['-list', save(pdf, name)], { encoding: 'utf8' }).split('\n').slice(2);
      return list
        .map((l) => l.trim().split(/\s+/))
        .filter((c) => c.length > 4)
        .map((c) => ({ type: c[2]!, width: Number(c[3]), height: Number(c[4]) }));
    },
    artifact(png, name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const out = path.join(ARTIFACTS, `${name}.png`);
      copyFileSync(png, out);
      return out;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Symbols of one kind ('code128', 'qrcode') that zbarimg finds in an image, in its reading order. */
export function zbar(png: string, symbology: 'code128' | 'qrcode'): string[] {
  const r = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', `-S${symbology}.enable`, png], { encoding: 'utf8' });
  // exit 4: no symbol found
  if (r.status !== 0 && r.status !== 4) throw new Error(`zbarimg failed (${r.status})`);
  return r.stdout.split('\n').filter((l) => l.length > 0);
}
