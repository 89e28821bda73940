import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError, type SubmitCaseInput } from '../../../src-main/contract';
import { createApplicantService, manualPersonalData } from '../../../src-main/core/applicants/applicant-service';
import { createCaseService, type CaseService } from '../../../src-main/core/cases/case-service';
import { indexCatalog, loadCatalog } from '../../../src-main/core/catalog/load';
import { configSchema } from '../../../src-main/core/config/schema';
import { createVault } from '../../../src-main/core/crypto/vault';
import { openDatabase, type Db } from '../../../src-main/core/db/open';

const ID = '330303199003151246'.slice(0, 17);
let dir: string;
let db: Db;
let cases: CaseService;
let applicantId: string;
let otherApplicantId: string;
let idNumber: string;

const index = indexCatalog(loadCatalog());

beforeEach(async () => {
  const { idCheckChar } = await import('../../../src-main/contract/validation');
  idNumber = ID + idCheckChar(ID)!;
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-cases-'));
  db = openDatabase(path.join(dir, 'onewindow.db'));
  const vault = createVault(randomBytes(32));
  const applicants = createApplicantService(db, vault);
  applicantId = applicants.upsert({ ...manualPersonalData(idNumber, '林晓雯'), phone: '13905771234' }, false).applicantId;
  otherApplicantId = applicants.upsert(manualPersonalData('11010519491231002X', '王芳'), false).applicantId;
  cases = createCaseService({
    db,
    vault,
    who: () => 'T0042',
    config: configSchema.parse({ mode: 'training' }),
    items: { getItem: (c) => index.item(c), version: () => 1, promisedDate: () => null },
    applicants,
  });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function contactChange(overrides: Partial<SubmitCaseInput> = {}): SubmitCaseInput {
  return {
    caseId: uuidv7(),
    applicantId,
    itemCode: 'SI-04-01',
    form: { newMobile: '13905771234' },
    materials: [{ code: 'M01', received: true, deferred: false, original: 1, copies: 0 }],
    feedback: { channel: 'sms', phone: '13905771234' },
    ...overrides,
  };
}

const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('case service', () => {
  it('writes the case, its audit entry (the record of acceptance) and one outbox row together', () => {
    const input = contactChange();
    const { view, created } = cases.submit(input);
    expect(created).toBe(true);
    expect(view).toMatchObject({ caseId: input.caseId, rev: 1, itemCode: 'SI-04-01', endpoint: 'si', syncState: 'queued', status: 'accepted' });
    expect(view.applicantIdMasked).toBe('330303********' + idNumber.slice(-4));
    // The view answered at once is the view of what was committed.
    expect(view).toEqual(cases.view(input.caseId));
    expect(count('cases')).toBe(1);
    expect(count('case_events')).toBe(0);
    const audit = db.prepare('SELECT action, case_id, detail_json FROM audit').get() as { action: string; case_id: string; detail_json: string };
    expect(audit).toMatchObject({ action: 'case.accept', case_id: input.caseId });
    expect(JSON.parse(audit.detail_json)).toEqual({ itemCode: 'SI-04-01', rev: 1, outcome: 'accepted', missing: [], deferred: [] });
    const outbox = db.prepare('SELECT endpoint, idempotency_key, state FROM outbox').all();
    expect(outbox).toEqual([{ endpoint: 'si', idempotency_key: `${input.caseId}:1`, state: 'pending' }]);
  });

  it('answers a retried submit with the same case, never a second one', () => {
    const input = contactChange();
    cases.submit(input);
    const again = cases.submit(input);
    expect(again.created).toBe(false);
    expect(count('cases')).toBe(1);
    expect(count('outbox')).toBe(1);
  });

  it('refuses the id of a saved case sent with another item or applicant, and changes nothing', () => {
    const input = contactChange();
    cases.submit(input);
    const other = otherApplicantId;
    for (const changed of [{ ...input, applicantId: other }, contactChange({ caseId: input.caseId, itemCode: 'SI-01-01', form: {} })]) {
      expect(() => cases.submit(changed)).toThrow(expect.objectContaining({ code: 'conflict', messageKey: 'error.caseIdTaken' }));
    }
    expect(() => cases.commit(cases.prepare({ ...input, applicantId: other }))).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect({ cases: count('cases'), outbox: count('outbox'), audit: count('audit') }).toEqual({ cases: 1, outbox: 1, audit: 1 });
  });

  it('commits a prepared case once: a second commit of it (or of a second preparation) answers the saved case', () => {
    const input = contactChange();
    const first = cases.prepare(input);
    const second = cases.prepare(input);
    expect(cases.commit(first).created).toBe(true);
    const again = cases.commit(second);
    expect(again.created).toBe(false);
    expect(again.view).toEqual(cases.view(input.caseId));
    expect(cases.commit(first).created).toBe(false);
    expect({ cases: count('cases'), outbox: count('outbox'), audit: count('audit') }).toEqual({ cases: 1, outbox: 1, audit: 1 });
  });

  it('numbers the cases of the day in order, and a commit that fails takes no number', () => {
    const a = contactChange();
    const first = cases.prepare(a);
    const again = cases.prepare(a);
    cases.commit(first);
    expect(cases.commit(again).created).toBe(false); // fails on the primary key inside the transaction
    const b = contactChange();
    cases.submit(b);
    const regNo = (id: string) => (db.prepare('SELECT reg_no FROM cases WHERE id = ?').get(id) as { reg_no: string }).reg_no;
    expect(regNo(a.caseId)).toMatch(/^DJ\d{8}-03-001$/);
    expect(regNo(b.caseId)).toBe(regNo(a.caseId).replace(/001$/, '002'));
  });

  it('refuses an invalid form with the field named and writes nothing', () => {
    let error: unknown;
    try {
      cases.submit(contactChange({ form: { newMobile: '1390577' } }));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('invalid_input');
    expect((error as CoreError).issues?.[0]?.path).toBe('form.newMobile');
    expect(count('cases') + count('outbox') + count('audit') + count('case_events')).toBe(0);
  });

  it('keeps a refused intake (required material missing) on the terminal only, with nothing to send', () => {
    const { view } = cases.submit(contactChange({ materials: [{ code: 'M01', received: false, deferred: false, original: 0, copies: 0 }] }));
    expect(view).toMatchObject({ status: 'notified', syncState: 'local' });
    expect(count('outbox')).toBe(0);
    expect(count('audit')).toBe(1);
  });

  it('rolls the whole case back when the outbox row cannot be written', () => {
    db.exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full (simulated by trigger)'); END");
    expect(() => cases.submit(contactChange())).toThrow(/disk full/);
    expect(count('cases') + count('case_events') + count('audit')).toBe(0);
  });

  it('refuses a case on a full disk with SQLITE_FULL and leaves nothing half-written', () => {
    cases.submit(contactChange()); // a first case fits
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`); // the database cannot grow any more: a full disk, as SQLite sees it
    const before = { cases: count('cases'), outbox: count('outbox'), audit: count('audit'), events: count('case_events') };
    let code: unknown;
    for (let i = 0; i < 500 && code === undefined; i++) {
      try {
        cases.submit(contactChange());
        before.cases++; before.outbox++; before.audit++; // it still fitted in free space (acceptance writes no case event)
      } catch (err) {
        code = (err as { code?: string }).code;
      }
    }
    expect(code).toBe('SQLITE_FULL');
    expect({ cases: count('cases'), outbox: count('outbox'), audit: count('audit'), events: count('case_events') }).toEqual(before);
  });

  it('keeps personal data encrypted at rest', () => {
    cases.submit(contactChange());
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(path.join(dir, file));
      expect(bytes.includes(Buffer.from(idNumber)), file).toBe(false);
      expect(bytes.includes(Buffer.from('林晓雯')), file).toBe(false);
      expect(bytes.includes(Buffer.from('13905771234')), file).toBe(false);
    }
  });
});
