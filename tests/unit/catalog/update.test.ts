import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../src-main/contract/catalog';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { loadCalendarData, promisedDate } from '../../../src-main/core/catalog/calendar';
import { CatalogError, loadCatalog } from '../../../src-main/core/catalog/load';
import { createCatalogStore, type CatalogStore } from '../../../src-main/core/catalog/update';

const base = loadCatalog();
const baseCalendar = loadCalendarData();
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const item = (code: string): CatalogItem => clone(base.items.find((i) => i.code === code)!);

let dir: string;
let file: string;
let db: Db;
let store: CatalogStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-update-'));
  file = path.join(dir, 'terminal.db');
  db = openDatabase(file);
  store = createCatalogStore(db, base, baseCalendar);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function snapshot() {
  const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    version: store.version(),
    tables: ['catalog_versions', 'catalog_item_revisions', 'catalog_calendars', 'audit'].map(count),
    items: JSON.stringify(store.current().items),
  };
}

function feeUpdate(version: number, code: string, fen: number): CatalogItem {
  const i = item(code);
  i.version = version;
  i.guide.fee.amountFen = fen;
  return i;
}

describe('catalog updates', () => {
  it('starts at the shipped version and asks for newer ones', () => {
    expect(store.version()).toBe(base.version);
    expect(store.needsUpdate(base.version)).toBe(false);
    expect(store.needsUpdate(base.version + 1)).toBe(true);
  });

  it('applies changed items atomically, records them, and survives a restart', () => {
    const r = store.apply({ version: 2, items: [feeUpdate(2, 'SI-11-01', 1500)] });
    expect(r).toEqual({ applied: true, version: 2, itemCodes: ['SI-11-01'], calendarVersion: null });
    expect(store.getItem('SI-11-01')!.guide.fee.amountFen).toBe(1500);
    expect(store.current().version).toBe(2);
    expect(store.current().items).toHaveLength(119);
    expect(store.history()).toMatchObject([{ version: 2, fromVersion: 1, itemCodes: ['SI-11-01'] }]);
    const audit = db.prepare("SELECT detail_json FROM audit WHERE action = 'catalog.update'").all() as { detail_json: string }[];
    expect(audit).toHaveLength(1);
    db.close();
    db = openDatabase(file);
    store = createCatalogStore(db, base, baseCalendar);
    expect(store.version()).toBe(2);
    expect(store.getItem('SI-11-01')!.guide.fee.amountFen).toBe(1500);
  });

  it('keeps the item version a case was accepted under', () => {
    store.apply({ version: 2, items: [feeUpdate(2, 'SI-11-01', 1500)] });
    store.apply({ version: 3, items: [feeUpdate(3, 'SI-11-01', 1000)] });
    expect(store.getItem('SI-11-01', 1)!.guide.fee.amountFen).toBe(2000);
    expect(store.getItem('SI-11-01', 2)!.guide.fee.amountFen).toBe(1500);
    expect(store.getItem('SI-11-01')!.guide.fee.amountFen).toBe(1000);
    // An item untouched by updates is the same under any version.
    expect(store.getItem('SI-01-01', 3)).toEqual(item('SI-01-01'));
  });

  it('ignores a payload that is not newer', () => {
    store.apply({ version: 2, items: [feeUpdate(2, 'SI-11-01', 1500)] });
    expect(store.apply({ version: 2, items: [] })).toMatchObject({ applied: false, version: 2 });
  });

  it('refuses a corrupted update with the path of the first error and changes nothing', () => {
    store.apply({ version: 2, items: [feeUpdate(2, 'SI-11-01', 1500)] });
    const before = snapshot();
    const broken = feeUpdate(3, 'SI-02-01', 0);
    (broken.guide.fee as { amountFen: number }).amountFen = 12.5;
    const attempts: [unknown, RegExp][] = [
      [{ version: 3, items: [feeUpdate(3, 'SI-01-01', 100), broken] }, /^items\[1\] \(SI-02-01\)\.guide\.fee\.amountFen$/],
      [{ version: 3, items: [{ ...item('SI-01-02'), version: 3, materials: [] }] }, /^items\[0\] \(SI-01-02\)\.materials$/],
      [{ version: 3, items: [{ ...item('SI-01-02'), version: 3, code: 'SI-01-09' }] }, /^items\[0\] \(SI-01-09\)\.code$/],
      [{ version: 3, items: [feeUpdate(3, 'SI-01-01', 1), feeUpdate(3, 'SI-01-01', 2)] }, /^items\[1\] \(SI-01-01\)\.code$/],
      [{ version: 3, items: [feeUpdate(2, 'SI-11-01', 1)] }, /\.version$/],
      [{ version: 3, items: [{ ...item('MI-27-01'), version: 3, endpoint: 'tax' }] }, /\.endpoint$/],
      [{ version: 3, items: 'everything' }, /^items$/],
      [{ items: [] }, /^version$/],
      [{ version: 3, items: [], calendar: { version: 9, years: [{ year: 2027, status: 'published', source: 'x', holidays: [], workdays: [] }] } }, /^calendar$/],
    ];
    for (const [payload, where] of attempts) {
      let error: unknown;
      try {
        store.apply(payload);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(payload).slice(0, 80)).toBeInstanceOf(CatalogError);
      expect((error as CatalogError).path).toMatch(where);
      expect(snapshot()).toEqual(before);
    }
  });

  it('replaces the working-day calendar when an update carries one', () => {
    const accepted = '2027-02-10';
    expect(promisedDate(accepted, { value: 3, unit: 'working_day' }, store.calendar())).toEqual({ date: '2027-02-15', provisional: true });
    const calendar = clone(baseCalendar);
    calendar.version = 2;
    const y = calendar.years.find((c) => c.year === 2027)!;
    y.status = 'published';
    y.holidays = y.holidays.map((h) => (h.name === '春节' ? { ...h, from: '2027-02-05', to: '2027-02-12' } : h));
    y.workdays = ['2027-02-13'];
    expect(store.apply({ version: 2, items: [], calendar })).toMatchObject({ applied: true, calendarVersion: 2 });
    // 11, 12 Feb now off; Sat 13 works (1), 15 (2), 16 (3).
    expect(promisedDate(accepted, { value: 3, unit: 'working_day' }, store.calendar())).toEqual({ date: '2027-02-16', provisional: false });
  });
});
