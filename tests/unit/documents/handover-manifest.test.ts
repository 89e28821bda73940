import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoverManifestPdf, handoverSummary, type HandoverCase, type HandoverManifestData } from '../../../src-main/core/documents/handover-manifest';
import { code128Widths } from '../../../src-main/core/documents/code128';
import { pdfWorkspace, zbar } from './pdf-tools';
import { catalog, NAME_MASKED } from './samples';

const ws = pdfWorkspace('handover-manifest-');
afterAll(() => ws.cleanup());

// A day's errands: 33 commitment cases over 5 items, 1–4 paper materials each.
const commitmentItems = catalog.items.filter((i) => i.kind === 'commitment').slice(0, 5);
const cases: HandoverCase[] = Array.from({ length: 33 }, (_, i) => {
  const it = commitmentItems[(i * 7) % commitmentItems.length]!;
  return { caseNo: `SB20261128${String(101 + i * 3).padStart(6, '0')}`, itemCode: it.code, itemName: it.name, applicantNameMasked: NAME_MASKED, paperMaterials: 1 + (i % 4) };
});
const data: HandoverManifestData = {
  batchId: '0192f1c5-1111-7222-8333-444455556666',
  batchNo: 'PJ202611280002',
  date: '2026-11-28',
  branchCode: '3303-LW-0012',
  tellerId: 'T0042',
  courier: '顺丰速运 SF1234567890',
  cases,
};

describe('handover summary', () => {
  it('counts cases and paper materials per item, sorted by item code', () => {
    const summary = handoverSummary(cases);
    expect(summary.map((s) => s.itemCode)).toEqual([...new Set(cases.map((c) => c.itemCode))].sort());
    for (const s of summary) {
      const mine = cases.filter((c) => c.itemCode === s.itemCode);
      expect(s).toEqual({ itemCode: s.itemCode, itemName: mine[0]!.itemName, cases: mine.length, paperMaterials: mine.reduce((n, c) => n + c.paperMaterials, 0) });
    }
    expect(summary.reduce((n, s) => n + s.cases, 0)).toBe(33);
  });
});

describe('handover manifest PDF', () => {
  let pdf: Buffer;
  let pages: string[];
  let texts: string[];
  beforeAll(async () => {
    pdf = await handoverManifestPdf(data);
    texts = ws.pageTexts(pdf, 'manifest');
    pages = ws.rasterise(pdf, 'manifest', 200);
  });

  it('paginates: several numbered pages, the table head repeated on each, every case listed once', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(texts).toHaveLength(pages.length);
    texts.forEach((t, i) => {
      expect(t).toContain(`第${i + 1}页/共${pages.length}页`);
      if (i > 0) expect(t).toContain('代跑腿材料交接清单（续）批次PJ202611280002');
    });
    const all = texts.join('');
    for (const c of cases) expect(all.split(c.caseNo).length - 1, c.caseNo).toBe(1);
    const withRows = texts.filter((t) => cases.some((c) => t.includes(c.caseNo)));
    for (const t of withRows) expect(t).toContain('序号受理编号事项申请人材料份数核收');
  });

  it('shows the batch, the people and real Chinese text, with masked applicants only', () => {
    const t = texts.join('');
    const paper = cases.reduce((n, c) => n + c.paperMaterials, 0);
    for (const s of ['代跑腿材料交接清单', '批次号PJ202611280002', '2026年11月28日', '3303-LW-0012', '移交柜员：T0042', `接收人（快递/专人）：顺丰速运SF1234567890`, `经双方当面清点，上列33件、纸质材料共${paper}份交接无误。`, `33件/${paper}份`, data.batchId]) {
      expect(t, s).toContain(s);
    }
    // pdftotext may put the label after the figures of the same row
    expect(t).toMatch(new RegExp(`合计33${paper}|33${paper}合计`));
    for (const s of handoverSummary(cases)) expect(t, s.itemCode).toContain(`${s.itemCode}${s.itemName}${s.cases}${s.paperMaterials}`);
    expect(t.split(NAME_MASKED).length - 1).toBe(33);
  });

  it('every barcode decodes to its case number, page by page, and none is cut by a page break', () => {
    const decoded = pages.map((p) => zbar(p, 'code128'));
    const found = decoded.flat();
    expect([...found].sort()).toEqual(cases.map((c) => c.caseNo).sort());
    decoded.forEach((onPage, i) => {
      for (const no of onPage) expect(texts[i], no).toContain(no);
    });
    ws.artifact(pages[0]!, 'handover-manifest');
  });

  it('uses the CODE128 symbol of the case number (bars from bwip-js: start, data, check, stop)', () => {
    const w = code128Widths('SB20261128000101');
    expect(w.reduce((a, b) => a + b, 0)).toBe(12 * 11 + 13); // start B, S, B, code C, 7 digit pairs, check: 12 × 11 modules; stop 13
    expect(w.slice(-7)).toEqual([2, 3, 3, 1, 1, 1, 2]);
  });
});
