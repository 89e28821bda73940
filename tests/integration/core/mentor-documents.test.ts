import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentFile, TrainingFigures } from '../../../src-main/contract';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { Terminal } from '../../../src-main/terminal';
import { call, startTestTerminal } from './support';

let dir: string;
let sim: Simulator;
let terminal: Terminal;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-mentor-docs-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0 });
  terminal = await startTestTerminal(dir, sim);
});
afterEach(async () => {
  await terminal.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the mentor's matrix and figures through the contract", () => {
  it('answers from the production database while practice is on, filtered as asked, and refuses a bad filter', async () => {
    await call(terminal, 'startScenario', { scenarioId: 'SI-04-01#complete' }); // practice on, the item studied
    expect((await call<{ practice: boolean }>(terminal, 'getSession', {})).practice).toBe(true);

    const xlsx = await call<DocumentFile>(terminal, 'trainingMatrixXlsx', { stages: ['studied'] });
    expect(xlsx.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.fileName).toMatch(/^师徒培训逐项考核表-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('T0042')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('SI-04-01');
    expect(sheet.getRow(2).getCell(4).value).toBe('学习中');
    expect(sheet.getRow(2).getCell(7).value).toBeInstanceOf(Date);

    const pdf = await call<DocumentFile>(terminal, 'trainingMatrixPdf', { tellerIds: ['T0042'], mainCode: 'SI-04' });
    const file = path.join(dir, 'matrix.pdf');
    writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('筛选：柜员T0042；主项SI-04');
    expect(text).toContain('SI-04-01');
    expect(text).not.toContain('SI-01-01');

    const figures = await call<TrainingFigures>(terminal, 'trainingFigures', {});
    expect(figures.itemCount).toBe(119);
    expect(figures.tellers).toMatchObject([{ tellerId: 'T0042', signedOff: 0, share: 0, completedOn: null, days: 0 }]);

    await expect(call(terminal, 'trainingMatrixPdf', { stages: ['done'] })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
