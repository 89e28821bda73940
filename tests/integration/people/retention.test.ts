import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../../../src-main/contract/validation';
import type { CaseBody } from '../../../src-main/core/cases/case-body';
import { configSchema } from '../../../src-main/core/config/schema';
import { createVault, loadOrCreateKey } from '../../../src-main/core/crypto/vault';
import { verifyAuditFile } from '../../../src-main/core/db/audit-verify-cli';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createRetentionJob } from '../../../src-main/core/retention/purge';
import type { Terminal } from '../../../src-main/terminal';
import { call, startTestTerminal, terminalFixture, until } from '../core/support';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { validForm } from '../../support/fill-form';

const DAY = 86_400_000;
const SETTLED_ID = '11010519491231002X';
const OTHER_ID = '33030219800101123' + idCheckChar('33030219800101123');
const PNG = Buffer.from('a signature image').toString('base64');

const f = terminalFixture('onewindow-retention-');

/** A commitment item: the back office decides later, so a synced case is not settled until it does. */
const ITEM = loadCatalog().items.find((i) => i.code === 'SI-06-01')!;

async function accept(term: Terminal, idNumber: string, name: string): Promise<string> {
  const applicant = await call<{ applicantId: string }>(term, 'enterApplicant', { idNumber, name });
  const caseId = uuidv7();
  await call(term, 'submitCase', {
    caseId,
    applicantId: applicant.applicantId,
    itemCode: ITEM.code,
    form: validForm(ITEM),
    materials: ITEM.materials.map((m) => ({ code: m.code, received: true, deferred: false, original: m.originals, copies: m.copies })),
    feedback: { channel: 'sms', phone: '13905771234' },
    signature: { pngBase64: PNG, source: 'screen' },
  });
  return caseId;
}

const statusOf = (term: Terminal, caseId: string) => call<{ status: string; syncState: string }>(term, 'getCase', { caseId });

function bodies(db: Db, caseId: string): CaseBody[] {
  const vault = createVault(loadOrCreateKey(f.dir));
  return (db.prepare("SELECT body_enc FROM outbox WHERE idempotency_key LIKE ? || ':%' ORDER BY rev").all(caseId) as { body_enc: Buffer }[]).map((r) => vault.open<CaseBody>(r.body_enc));
}

describe('retention', () => {
  it('with a moved clock: signatures, then personal data of synced and settled cases go; unsent and open cases and the figures stay', async () => {
    const scratchTmp = mkdtempSync(path.join(tmpdir(), 'onewindow-retention-tmp-'));
    f.scratch.push(scratchTmp);
    f.t = await startTestTerminal(f.dir, f.sim);
    const settled = await accept(f.t!, SETTLED_ID, '王芳'); // synced, then approved by the back office
    const open = await accept(f.t!, OTHER_ID, '李四'); // synced, still in review
    const unsent = await accept(f.t!, OTHER_ID, '李四'); // synced, then withdrawn while the line is down: unsent revision
    for (const id of [settled, open, unsent]) await until(() => statusOf(f.t!, id), (v) => v.syncState === 'synced');
    f.sim.control.advance(settled, 'approved');
    await until(() => statusOf(f.t!, settled), (v) => v.status === 'approved');
    await f.sim.control.setDown('si', true);
    await call(f.t!, 'withdrawCase', { caseId: unsent, reason: '申请人撤回' });
    expect(await statusOf(f.t!, unsent)).toMatchObject({ status: 'withdrawn', syncState: 'queued' });
    await call(f.t!, 'saveDraft', { draft: { caseId: uuidv7(), applicant: null, itemCode: 'SI-06-01', form: {}, materials: [], feedback: { channel: 'sms', phone: '', address: '' }, reviewNotes: '' } });
    await f.t!.close();
    f.t = null;

    const crashes = path.join(f.dir, 'logs', 'crashes', 'dumps');
    mkdirSync(crashes, { recursive: true });
    writeFileSync(path.join(crashes, 'old.dmp'), 'minidump');
    writeFileSync(path.join(crashes, 'recent.dmp'), 'minidump');
    mkdirSync(path.join(scratchTmp, 'onewindow-pdf-left'));
    writeFileSync(path.join(scratchTmp, 'unrelated-file'), 'not ours');
    const now = Date.now();
    const old = new Date(now);
    utimesSync(path.join(scratchTmp, 'onewindow-pdf-left'), old, old);
    utimesSync(path.join(scratchTmp, 'unrelated-file'), old, old);
    utimesSync(path.join(crashes, 'old.dmp'), old, old);
    const recent = new Date(now + 95 * DAY);
    utimesSync(path.join(crashes, 'recent.dmp'), recent, recent);

    const db = openDatabase(path.join(f.dir, 'onewindow.db'));
    const config = configSchema.parse({ mode: 'training' }); // retentionDays 180, signatures 90, drafts 7, scratch 14
    const job = (days: number) =>
      createRetentionJob({ db, vault: createVault(loadOrCreateKey(f.dir)), config, dataDir: f.dir, logger: silentLogger, clock: () => now + days * DAY, tempDir: scratchTmp });

    // Nothing is due today.
    expect(job(0).run()).toEqual({ cases: 0, signatures: 0, applicants: 0, drafts: 0, files: 0 });

    // 100 days on: the settled case's signature image is gone, its other data still within its period.
    expect(job(100).run()).toEqual({ cases: 0, signatures: 1, applicants: 0, drafts: 1, files: 2 });
    expect(bodies(db, settled).every((b) => b.signature?.png === '' && b.signature.sha256.length === 64)).toBe(true);
    expect(bodies(db, settled)[0]!.applicant.idNumber).toBe(SETTLED_ID);
    expect(bodies(db, open)[0]!.signature?.png).toBe(PNG);
    expect(readdirSync(crashes)).toEqual(['recent.dmp']);
    expect(readdirSync(scratchTmp)).toEqual(['unrelated-file']);

    // 200 days on: the settled case's personal data is gone, its applicant anonymised; the others keep theirs.
    expect(job(200).run()).toMatchObject({ cases: 1, signatures: 0, applicants: 1 });
    const [purged] = bodies(db, settled);
    expect(JSON.stringify(purged)).not.toContain(SETTLED_ID);
    expect(JSON.stringify(purged)).not.toContain('王芳');
    expect(JSON.stringify(purged)).not.toContain('13905771234');
    expect(purged).toMatchObject({ caseId: settled, itemCode: ITEM.code, applicant: { idNumber: '', name: '' }, form: {} });
    expect(purged!.signature).toBeUndefined();
    const applicant = db.prepare('SELECT a.name_masked, a.id_masked, a.id_hash FROM applicants a JOIN cases c ON c.applicant_id = a.id WHERE c.id = ?').get(settled);
    expect(applicant).toMatchObject({ name_masked: '*', id_masked: '*', id_hash: expect.stringMatching(/^purged:/) });
    // Never an unsent case, never an open one.
    expect(bodies(db, unsent).map((b) => b.applicant.idNumber)).toEqual([OTHER_ID, OTHER_ID]);
    expect(bodies(db, open)[0]!.applicant.idNumber).toBe(OTHER_ID);
    // The figures stay: every case row is still there with its item, status and date.
    expect(db.prepare('SELECT COUNT(*) AS n FROM cases WHERE item_code = ?').get(ITEM.code)).toEqual({ n: 3 });
    expect(db.prepare('SELECT status FROM cases WHERE id = ?').get(settled)).toEqual({ status: 'approved' });

    // A second run finds nothing more; each run that removed something is audited with its counts.
    expect(job(200).run()).toMatchObject({ cases: 0, signatures: 0, applicants: 0 });
    const audits = (db.prepare("SELECT actor, detail_json FROM audit WHERE action = 'retention.purge' ORDER BY seq").all() as { actor: string; detail_json: string }[]).map((r) => [r.actor, JSON.parse(r.detail_json)]);
    expect(audits).toEqual([
      ['system', { cases: 0, signatures: 1, applicants: 0, drafts: 1, files: 2 }],
      ['system', { cases: 1, signatures: 0, applicants: 1, drafts: 0, files: 1 }], // recent.dmp is past its period by then
    ]);
    db.close();
    expect(verifyAuditFile(path.join(f.dir, 'onewindow.db')).ok).toBe(true);
  });
});
