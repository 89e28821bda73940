import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogError, defaultCatalogFile, loadCatalog, validateCatalog } from '../../../src-main/core/catalog/load';
import type { Catalog } from '../../../src-main/contract/catalog';

const catalog = loadCatalog();
const raw = readFileSync(defaultCatalogFile(), 'utf8');
const fresh = (): Catalog => JSON.parse(raw) as Catalog;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'catalog-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function refusal(mutate: (c: Catalog) => void): CatalogError {
  const c = fresh();
  mutate(c);
  const file = path.join(tmp, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(c));
  try {
    loadCatalog(file);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error('the broken catalog was accepted');
}

describe('shipped catalog', () => {
  it('has exactly 32 main items and 119 sub-items with unique codes', () => {
    expect(catalog.mainItems).toHaveLength(32);
    expect(catalog.items).toHaveLength(119);
    expect(new Set(catalog.items.map((i) => i.code)).size).toBe(119);
  });

  it('splits the lines as the skeleton lists them, medical on the si endpoint', () => {
    const count = (line: string) => catalog.items.filter((i) => i.line === line).length;
    expect([count('SI'), count('MI'), count('TAX')]).toEqual([77, 31, 11]);
    for (const item of catalog.items) expect(item.endpoint).toBe(item.line === 'TAX' ? 'tax' : 'si');
  });

  it('gives every sub-item at least one material and one form field', () => {
    for (const item of catalog.items) {
      expect(item.materials.length, item.code).toBeGreaterThan(0);
      expect(item.form.length, item.code).toBeGreaterThan(0);
    }
  });

  it('marks identity, phone and bank-card fields as sensitive', () => {
    for (const item of catalog.items)
      for (const f of item.form)
        if (f.type === 'idNumber' || f.type === 'mobile' || f.type === 'bankCard') expect(f.sensitive, `${item.code}.${f.key}`).toBe(true);
  });

  it('carries the statutory limits from the sources', () => {
    const limit = (code: string) => catalog.items.find((i) => i.code === code)!.guide.statutoryLimit;
    expect(limit('SI-01-01')).toEqual({ value: 10, unit: 'working_day' });
    expect(limit('SI-13-01')).toEqual({ value: 20, unit: 'working_day' });
    expect(limit('MI-27-02')).toEqual({ value: 30, unit: 'working_day' });
    expect(limit('MI-29-02')).toEqual({ value: 10, unit: 'working_day' });
    expect(limit('SI-22-01')).toEqual({ value: 20, unit: 'working_day' });
    expect(limit('SI-17-02')).toEqual({ value: 10, unit: 'working_day' });
    expect(limit('SI-20-01')).toEqual({ value: 60, unit: 'calendar_day' });
    expect(limit('SI-21-01')).toEqual({ value: 60, unit: 'calendar_day' });
  });

  it('prices card replacement at 20 yuan as a marked proposal and record checks free', () => {
    const lost = catalog.items.find((i) => i.code === 'SI-11-01')!;
    expect(lost.guide.fee.amountFen).toBe(2000);
    expect(lost.assumptions).toContain('guide.fee');
    for (const item of catalog.items.filter((i) => i.mainCode === 'SI-05')) expect(item.guide.fee.amountFen).toBe(0);
  });

  it('gives contribution items the private-line form: insurance, period, amountFen, cardToken', () => {
    for (const code of ['TAX-31-01', 'TAX-31-02', 'TAX-31-03', 'TAX-31-04']) {
      const item = catalog.items.find((i) => i.code === code)!;
      expect(item.form.map((f) => [f.key, f.type])).toEqual([
        ['insurance', 'enum'], ['period', 'month'], ['amountFen', 'amountFen'], ['cardToken', 'text'],
      ]);
    }
  });

  it('marks promised limits of commitment items as assumptions', () => {
    for (const item of catalog.items.filter((i) => i.kind === 'commitment')) expect(item.assumptions, item.code).toContain('guide.promisedLimit');
  });

  it('medical manual reimbursement lists receipts, itemised bill, diagnosis and records', () => {
    const names = catalog.items.find((i) => i.code === 'MI-27-01')!.materials.map((m) => m.name).join('|');
    for (const w of ['收据', '明细', '诊断', '病历']) expect(names).toContain(w);
  });
});

describe('a broken catalog is refused with the path of the first error', () => {
  it('a float amount', () => {
    const e = refusal((c) => { c.items[40]!.guide.fee.amountFen = 20.5; });
    expect(e.path).toBe(`items[40] (${fresh().items[40]!.code}).guide.fee.amountFen`);
  });
  it('a missing sub-item', () => {
    expect(refusal((c) => { c.items.pop(); }).path).toBe('items');
  });
  it('a duplicate code', () => {
    const e = refusal((c) => { c.items[5]!.code = c.items[4]!.code; });
    expect(e.path).toBe(`items[5] (${fresh().items[4]!.code}).code`);
  });
  it('an item without materials', () => {
    expect(refusal((c) => { c.items[7]!.materials = []; }).path).toMatch(/^items\[7\] \(.+\)\.materials$/);
  });
  it('an item without form fields', () => {
    expect(refusal((c) => { c.items[8]!.form = []; }).path).toMatch(/^items\[8\] \(.+\)\.form$/);
  });
  it('a medical item on the tax endpoint', () => {
    const i = fresh().items.findIndex((x) => x.line === 'MI');
    expect(refusal((c) => { c.items[i]!.endpoint = 'tax'; }).path).toMatch(/\.endpoint$/);
  });
  it('an assumption naming no field', () => {
    expect(refusal((c) => { c.items[0]!.assumptions.push('guide.nothing'); }).path).toMatch(/^items\[0\] \(SI-01-01\)\.assumptions\[\d+\]$/);
  });
  it('an enum field without options', () => {
    const c = fresh();
    const i = c.items.findIndex((x) => x.form.some((f) => f.type === 'enum'));
    const j = c.items[i]!.form.findIndex((f) => f.type === 'enum');
    (c.items[i]!.form[j] as { options: unknown[] }).options = [];
    expect(() => validateCatalog(c)).toThrow(CatalogError);
    try { validateCatalog(c); } catch (e) { expect((e as CatalogError).path).toBe(`items[${i}] (${c.items[i]!.code}).form[${j}].options`); }
  });
  it('a file that is not JSON', () => {
    const file = path.join(tmp, 'bad.json');
    writeFileSync(file, '{"version": 1,');
    expect(() => loadCatalog(file)).toThrow(/not valid JSON/);
  });
});
