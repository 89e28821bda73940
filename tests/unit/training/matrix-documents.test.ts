import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { buildMatrix } from '../../../src-main/core/training/matrix';
import { MATRIX_TITLE, renderMatrixPdf } from '../../../src-main/core/training/matrix-pdf';
import { renderMatrixXlsx, SUMMARY_SHEET } from '../../../src-main/core/training/matrix-xlsx';
import { createTrainingProgress } from '../../../src-main/core/training/progress';
import { pdfWorkspace } from '../documents/pdf-tools';

const catalog = loadCatalog();
const pdfs = pdfWorkspace('onewindow-matrix-');
afterAll(() => pdfs.cleanup());

let dir = '';
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-matrix-db-'));
  db = openDatabase(path.join(dir, 'onewindow.db'));
  const p = createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'cosign' });
  // T0001: SI-01-01 signed off on 2 Dec (China time), SI-04-01 practised; T0002: SI-04-01 studied only.
  p.recordRun('T0001', 'SI-01-01', 'SI-01-01#complete', [], '2026-12-01T09:00:00.000+08:00');
  p.recordQuizPassed('T0001', 'SI-01-01', '2026-12-01T10:00:00.000+08:00');
  p.signOff('T0001', 'SI-01-01', 'M0007', '2026-12-01T17:30:00.000Z'); // 2 Dec 01:30 in China
  p.recordRun('T0001', 'SI-04-01', 'SI-04-01#complete', [], '2026-12-03T09:00:00.000+08:00');
  p.recordQuizPassed('T0001', 'SI-04-01', '2026-12-03T09:30:00.000+08:00');
  p.markStudied('T0002', 'SI-04-01', '2026-12-04T09:00:00.000+08:00');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const progress = () => createTrainingProgress(db, { requiredCleanRuns: 1, unsignedItems: 'cosign' }).all();

describe("the mentor's matrix (导师考核表)", () => {
  it('has every teller with progress against every catalog item, and filters by teller, stage and main item', () => {
    const all = buildMatrix(catalog, progress(), {});
    expect(all.tellers).toEqual(['T0001', 'T0002']);
    expect(all.items).toHaveLength(catalog.items.length);
    expect(all.cell('T0002', 'SI-01-01').stage).toBe('new');
    expect(all.filterText).toBe('');

    expect(buildMatrix(catalog, progress(), { stages: ['signed_off', 'practised'] }).items.map((i) => i.code)).toEqual(['SI-01-01', 'SI-04-01']);
    const t2 = buildMatrix(catalog, progress(), { tellerIds: ['T0002'], stages: ['studied'] });
    expect(t2.tellers).toEqual(['T0002']);
    expect(t2.items.map((i) => i.code)).toEqual(['SI-04-01']);
    expect(t2.filterText).toBe('柜员 T0002；进度 学习中');
    const si04 = buildMatrix(catalog, progress(), { mainCode: 'SI-04' });
    expect(si04.items.length).toBe(catalog.items.filter((i) => i.mainCode === 'SI-04').length);
    expect(si04.items.every((i) => i.code.startsWith('SI-04-'))).toBe(true);
  });

  it('prints on A4 with the Chinese font: summary per teller, items × tellers, sign-off dates in China time', async () => {
    const pdf = await renderMatrixPdf(buildMatrix(catalog, progress(), {}), { branchCode: '3303-LW-0012', today: '2026-12-05' });
    const pages = pdfs.pageTexts(pdf, 'matrix-all');
    expect(pages.length).toBeGreaterThan(2); // 119 rows do not fit one page
    const text = pages.join('');
    expect(text).toContain(MATRIX_TITLE);
    expect(text).toContain('网点3303-LW-0012');
    expect(text).toContain('2026年12月5日');
    expect(text).toContain(`已签字1/${catalog.items.length}`);
    expect(text).toContain('SI-01-01');
    expect(text).toContain('已签12-02'); // signed off at 17:30 UTC on 1 Dec = 2 Dec in China
    expect(text).toContain('练熟');
    expect(text).toContain(catalog.items.at(-1)!.code);
    // The header row with the tellers repeats on every page of the table.
    for (const page of pages.slice(1)) expect(page).toContain('事项编码事项名称T0001T0002');
    expect(text).toContain(`第${pages.length}页/共${pages.length}页`);
    const fonts = execFileSync('pdffonts', [pdfs.save(pdf, 'matrix-fonts')], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJK\S*\s+CID Type 0C?\s+Identity-H\s+yes/);

    const filtered = pdfs.text(await renderMatrixPdf(buildMatrix(catalog, progress(), { tellerIds: ['T0002'], stages: ['studied'] }), { branchCode: '3303-LW-0012', today: '2026-12-05' }), 'matrix-t2');
    expect(filtered).toContain('筛选：柜员T0002；进度学习中');
    expect(filtered).toContain('SI-04-01');
    expect(filtered).not.toContain('SI-01-01');
    expect(filtered).not.toContain('T0001');
  });

  it('exports a workbook: a summary sheet and a sheet per teller, stage as text and dates as dates', async () => {
    const bytes = await renderMatrixXlsx(buildMatrix(catalog, progress(), {}), { branchCode: '3303-LW-0012', now: new Date('2026-12-05T02:00:00Z') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET, 'T0001', 'T0002']);

    const summary = wb.getWorksheet(SUMMARY_SHEET)!;
    expect(summary.getRow(2).values).toEqual([undefined, 'T0001', catalog.items.length, 1, 1, 0, catalog.items.length - 2, 1 / catalog.items.length]);

    const t1 = wb.getWorksheet('T0001')!;
    expect(t1.rowCount).toBe(1 + catalog.items.length);
    const header = (t1.getRow(1).values as string[]).slice(1);
    const row = t1.getRows(2, catalog.items.length)!.find((r) => r.getCell(1).value === 'SI-01-01')!;
    const cell = (name: string) => row.getCell(header.indexOf(name) + 1);
    expect(cell('进度').value).toBe('已签字');
    expect(cell('无差错练习次数').value).toBe(1);
    expect(cell('签字日期').value).toBeInstanceOf(Date);
    expect((cell('签字日期').value as Date).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(cell('签字日期').numFmt).toBe('yyyy-mm-dd');
    expect(cell('签字导师').value).toBe('M0007');
    const untouched = t1.getRows(2, catalog.items.length)!.find((r) => r.getCell(1).value === 'SI-01-02')!;
    expect(untouched.getCell(header.indexOf('进度') + 1).value).toBe('未开始');
    expect(untouched.getCell(header.indexOf('签字日期') + 1).value).toBeNull();
  });
});
