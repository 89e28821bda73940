import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplicantService, manualPersonalData, type PersonalData } from '../../../src-main/core/applicants/applicant-service';
import { createVault } from '../../../src-main/core/crypto/vault';
import { openDatabase, type Db } from '../../../src-main/core/db/open';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-applicant-'));
  db = openDatabase(path.join(dir, 't.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ApplicantService.forCase (the person at the counter, opened once for several cases)', () => {
  it('answers every change of the row, whoever wrote it, and never lets a caller change what it keeps', () => {
    const vault = createVault(randomBytes(32));
    const applicants = createApplicantService(db, vault);
    const id = applicants.upsert(manualPersonalData('11010519491231002X', '王芳'), false).applicantId;
    const first = applicants.forCase(id)!;
    expect(first.personal.name).toBe('王芳');
    expect(applicants.forCase(id)!.personal).toBe(first.personal); // same envelope: not opened again
    expect(() => {
      (first.personal as PersonalData).name = '李四';
    }).toThrow(TypeError);

    // A card read refreshes the row (through the service) ...
    applicants.upsert({ ...manualPersonalData('11010519491231002X', '王芳芳'), cardType: 'resident' }, true);
    expect(applicants.forCase(id)!.personal.name).toBe('王芳芳');
    // ... and another service on the same database (another module, a second window) writes it too.
    createApplicantService(db, vault).upsert({ ...manualPersonalData('11010519491231002X', '王小芳'), cardType: 'resident' }, true);
    expect(applicants.forCase(id)!.personal.name).toBe('王小芳');

    // Two applicants in turn, and one that does not exist.
    const other = applicants.upsert(manualPersonalData('110105194912310037', '张三'), false).applicantId;
    expect(applicants.forCase(other)!.personal.name).toBe('张三');
    expect(applicants.forCase(id)!.personal.name).toBe('王小芳');
    expect(applicants.forCase('no-such-applicant')).toBeUndefined();
  });
});
