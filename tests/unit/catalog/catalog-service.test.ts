import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCatalogService, type CatalogService } from '../../../src-main/core/catalog';
import { openDatabase, type Db } from '../../../src-main/core/db/open';

let dir: string;
let db: Db;
let service: CatalogService;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'catalog-service-'));
  db = openDatabase(path.join(dir, 't.db'));
  service = createCatalogService({ db });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('gives promised dates for commitment items only, from the working-day calendar', () => {
  const pension = service.getItem('SI-13-01')!; // 15 working days (proposal)
  // 8, 9, 10 (adjusted Sat), 12–16, 19–23, 26, 27 Oct.
  expect(service.promisedDate(pension, '2026-09-30')).toBe('2026-10-27');
  expect(service.promisedDate(service.getItem('SI-01-01')!, '2026-09-30')).toBeNull();
  const injury = service.getItem('SI-20-01')!; // 45 calendar days (proposal)
  expect(service.promisedDateDetail(injury, '2026-08-18')).toEqual({ date: '2026-10-08', provisional: false });
});

it('rebuilds search after an update renames an item', () => {
  expect(service.search('临时挂失')[0]?.code).toBe('SI-10-01');
  const item = structuredClone(service.getItem('SI-10-01')!);
  item.name = '社会保障卡口头挂失';
  item.version = 2;
  expect(service.applyUpdate({ version: 2, items: [item] }).applied).toBe(true);
  expect(service.search('口头挂失')[0]?.code).toBe('SI-10-01');
  expect(service.getItem('SI-10-01', 1)!.name).toBe('社会保障卡临时挂失');
});

it('warns support about the coming year', () => {
  expect(service.calendarWarnings('2026-11-28')).toMatchObject([{ year: 2027, level: 'provisional' }]);
});
