import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { CaseView, CatalogItem, Draft, ErrandBatchView, FollowUp } from '../../../src-main/contract';
import type { Terminal } from '../../../src-main/terminal';
import { acceptCase, call, terminalFixture, until } from './support';

const ID = '11010519491231002X';
const NAME = '王芳';

const fx = terminalFixture('onewindow-workflow-', () => ({ errandReceiptDelayMs: null }));
const { start } = fx;



/** Accepts a case of `code` for the test applicant (see acceptCase). */
const accept = (t: Terminal, code: string, opts: { missing?: string[]; deferred?: string[] } = {}) => acceptCase(t, code, { ...opts, applicant: { idNumber: ID, name: NAME } });

describe('counter workflows in the core', () => {
  it('keeps a draft across a restart of the core, and drops it when the case is saved', async () => {
    const first = await start();
    const draft: Draft = {
      caseId: uuidv7(),
      applicant: null,
      itemCode: 'SI-04-01',
      form: { newMobile: '13905771234' },
      materials: [{ code: 'M01', received: true, deferred: false, original: 1, copies: 0 }],
      feedback: { channel: 'sms', phone: '13905771234', address: '' },
      reviewNotes: '材料齐全',
    };
    await call(first, 'saveDraft', { draft });
    expect(first.core.isIdle()).toBe(false);
    await fx.close(first);
    const second = await start();
    expect(await call(second, 'loadDraft', {})).toEqual(draft);
    const applicant = await call<{ applicantId: string }>(second, 'enterApplicant', { idNumber: ID, name: NAME });
    await call(second, 'submitCase', { caseId: draft.caseId, applicantId: applicant.applicantId, itemCode: 'SI-04-01', form: draft.form, materials: draft.materials, feedback: { channel: 'sms', phone: '13905771234' } });
    expect(await call(second, 'loadDraft', {})).toBeNull();
    expect(second.core.isIdle()).toBe(true);
  });

  it('finds cases by case number, ID number and name', async () => {
    const t = await start();
    const c = await accept(t, 'SI-04-01');
    for (const query of [c.caseNo!, ID, NAME]) {
      const found = await call<CaseView[]>(t, 'searchCases', { query });
      expect(found.map((f) => f.caseId), query).toContain(c.caseId);
    }
    expect(await call<CaseView[]>(t, 'searchCases', { query: '李四' })).toEqual([]);
  });

  it('records materials brought later as a new revision, sent exactly once', async () => {
    const t = await start();
    const c = await accept(t, 'TAX-32-05', { deferred: ['M02', 'M04'] });
    expect(c.status).not.toBe('notified');
    expect(c.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const item = await call<CatalogItem>(t, 'getItem', { code: 'TAX-32-05' });
    const v = await call<CaseView>(t, 'supplementCase', {
      caseId: c.caseId,
      materials: item.materials.map((m) => ({ code: m.code, received: true, deferred: false, original: m.originals, copies: m.copies })),
    });
    expect(v.rev).toBe(2);
    await until(() => call<CaseView>(t, 'getCase', { caseId: c.caseId }), (x) => x.syncState === 'synced' && x.rev === 2);
    expect(fx.sim.control.receivedCount(`${c.caseId}:2`)).toBe(1);
    expect(fx.sim.control.getCase(c.caseId)!.revisions).toEqual([1, 2]);
    expect((await call<CaseView>(t, 'getCase', { caseId: c.caseId })).deadline).toBeNull();
  });

  it('names a refused intake on its one-time notice by a short registration number, unique and the same every time', async () => {
    const t = await start();
    const item = await call<CatalogItem>(t, 'getItem', { code: 'SI-06-02' });
    const missing = [item.materials.find((m) => m.required)!.code];
    const first = await accept(t, 'SI-06-02', { missing });
    const second = await accept(t, 'SI-06-02', { missing });
    expect([first.status, second.caseNo]).toEqual(['notified', null]);
    const fileName = async (caseId: string) => (await call<{ fileName: string }>(t, 'noticePdf', { caseId })).fileName;
    const a = await fileName(first.caseId);
    const b = await fileName(second.caseId);
    // DJ + China date + window + that window's sequence of the day, never the case's UUID.
    expect(a).toMatch(/^一次性告知书-DJ\d{8}-\d{2}-001\.pdf$/);
    expect(b).toBe(a.replace('-001.pdf', '-002.pdf'));
    expect(await fileName(first.caseId)).toBe(a);
    expect(a).not.toContain(first.caseId.slice(0, 8));
    // The citizen comes back with the notice: 办件跟踪 finds the case by that number (as printed, or in lower case).
    const regNo = b.slice('一次性告知书-'.length, -'.pdf'.length);
    for (const typed of [regNo, ` ${regNo.toLowerCase()} `]) {
      expect((await call<CaseView[]>(t, 'searchCases', { query: typed })).map((c) => c.caseId)).toEqual([second.caseId]);
    }
  });

  it('never withdraws a case that travels in an errand batch', async () => {
    const t = await start();
    const inBatch = await accept(t, 'SI-06-02');
    const other = await accept(t, 'SI-06-03');
    // A reason of blanks is no reason: refused, the case untouched.
    await expect(call(t, 'withdrawCase', { caseId: other.caseId, reason: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await call<CaseView>(t, 'getCase', { caseId: other.caseId })).status).not.toBe('withdrawn');
    // Withdraw one before the handover: it is not in the batch.
    const withdrawn = await call<CaseView>(t, 'withdrawCase', { caseId: other.caseId, reason: '申请人申请撤回' });
    expect(withdrawn.status).toBe('withdrawn');
    await until(() => call<CaseView>(t, 'getCase', { caseId: other.caseId }), (x) => x.syncState === 'synced');
    expect(fx.sim.control.getCase(other.caseId)!.status).toBe('withdrawn');

    const batches = await call<ErrandBatchView[]>(t, 'createErrandBatch', { courier: '顺丰 SF1234567890' });
    expect(batches.flatMap((b) => b.caseIds)).toEqual([inBatch.caseId]);
    await expect(call(t, 'withdrawCase', { caseId: inBatch.caseId, reason: '申请人申请撤回' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await call<CaseView>(t, 'getCase', { caseId: inBatch.caseId })).inBatch).toBe(true);
  });

  it('counts the month for leadership: cases, immediate share, completed on the spot, errands', async () => {
    const t = await start();
    await accept(t, 'SI-04-01'); // immediate, completed on the spot
    await accept(t, 'SI-06-02'); // commitment
    const refused = await accept(t, 'SI-06-03', { missing: ['M01'] });
    expect(refused.status).toBe('notified');
    await call(t, 'createErrandBatch', { courier: '专人送达' });
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const f = await call<Record<string, unknown>>(t, 'monthlyFigures', { month });
    expect(f).toMatchObject({
      month,
      training: true,
      cases: 3,
      accepted: 2,
      notified: 1,
      immediate: 1,
      immediateShare: 0.5,
      completedOnSpot: 1,
      errandBatches: 1,
      errandCases: 1,
      byLine: { si: 2, tax: 0 },
    });
    expect(f.byItem).toEqual(expect.arrayContaining([expect.objectContaining({ itemCode: 'SI-04-01', cases: 1, itemName: '联系方式及地址变更' })]));
    // The item rows add up to the card's total: the refused intake is counted under its item too.
    const rows = f.byItem as { itemCode: string; cases: number }[];
    expect(rows.reduce((n, r) => n + r.cases, 0)).toBe(3);
    expect(rows.map((r) => r.itemCode)).toContain('SI-06-03');
    expect(await call(t, 'monthlyFigures', { month: '2020-01' })).toMatchObject({ cases: 0, immediateShare: 0 });
  });

  it('lists overdue cases and back-office results to tell, and forgets them once told', async () => {
    const t = await start();
    const c = await accept(t, 'SI-06-02');
    expect((await call<FollowUp[]>(t, 'followUps', {})).map((f) => f.case.caseId)).not.toContain(c.caseId);
    // The promised date passes without a result.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(fx.dir, 'onewindow.db'));
    db.prepare("UPDATE cases SET promised_date = '2020-01-02' WHERE id = ?").run(c.caseId);
    db.close();
    const overdue = (await call<FollowUp[]>(t, 'followUps', {})).find((f) => f.case.caseId === c.caseId)!;
    expect(overdue).toMatchObject({ overdue: true, reason: 'overdue' });
    fx.sim.control.advance(c.caseId, 'rejected', { note: '材料不符合要求' });
    const result = await until(
      () => call<FollowUp[]>(t, 'followUps', {}),
      (list) => list.some((f) => f.case.caseId === c.caseId && f.reason === 'result'),
    );
    expect(result.find((f) => f.case.caseId === c.caseId)!.message).toContain(c.caseNo!);
    await call(t, 'recordInformed', { caseId: c.caseId, channel: 'phone' });
    expect((await call<FollowUp[]>(t, 'followUps', {})).map((f) => f.case.caseId)).not.toContain(c.caseId);
  });
});
