import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError, type Draft } from '../../../src-main/contract';
import { tIssue } from '../../../src-renderer/i18n';
import { configSchema } from '../../../src-main/core/config/schema';
import type { ItemSource } from '../../../src-main/core/cases/case-service';
import { createDailyClosing } from '../../../src-main/core/counter/daily-closing';
import { dailyClosingPdf } from '../../../src-main/core/counter/daily-closing-pdf';
import { createReprintLog } from '../../../src-main/core/counter/reprint-log';
import { createAuditWriter } from '../../../src-main/core/db/journal';
import { openDatabase, type Db } from '../../../src-main/core/db/open';

let db: Db;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-closing-'));
  db = openDatabase(path.join(dir, 'onewindow.db')); // a real file with every project migration
  db.prepare("INSERT INTO applicants (id, id_hash, id_type, id_masked, name_masked, created_at, updated_at, personal_enc) VALUES ('ap1', 'h1', 'resident', '330302********1234', '张*', ?, ?, x'01')").run(NOW, NOW);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// 2026-12-05 10:00 in China.
const NOW = '2026-12-05T02:00:00.000Z';
const clock = () => Date.parse(NOW);
const config = configSchema.parse({ mode: 'training', tellerId: 'T01', windowNo: 3, branchCode: '3303-LW-0012' });
const items = { getItem: (code: string) => ({ name: code === 'SI-04-01' ? '联系方式及地址变更' : code }) } as unknown as ItemSource;

function addCase(id: string, o: { status: string; sync?: string; teller?: string; at?: string; kind?: string; informed?: boolean }) {
  db.prepare(
    `INSERT INTO cases (id, rev, item_code, kind, endpoint, applicant_id, status, sync_state, teller_id, window_no, accepted_at, updated_at, informed_at)
     VALUES (?, 1, 'SI-04-01', ?, 'si', 'ap1', ?, ?, ?, 3, ?, ?, ?)`,
  ).run(id, o.kind ?? 'commitment', o.status, o.sync ?? 'synced', o.teller ?? 'T01', o.at ?? NOW, o.at ?? NOW, o.informed ? NOW : null);
}

describe('reprint log', () => {
  it('lists only the copies of a case with who, when and which document, and counts a teller’s reprints of a day', () => {
    const audit = createAuditWriter(db);
    audit({ at: NOW, actor: 'T01', action: 'receipt.print', caseId: 'c1', detail: { copy: false } });
    audit({ at: NOW, actor: 'T02', action: 'receipt.print', caseId: 'c1', detail: { copy: true } });
    audit({ at: NOW, actor: 'T01', action: 'notice.pdf', caseId: 'c1', detail: { copy: true } });
    audit({ at: NOW, actor: 'T01', action: 'case.accept', caseId: 'c1', detail: { copy: true } });
    audit({ at: '2026-12-04T02:00:00.000Z', actor: 'T01', action: 'receipt.pdf', caseId: 'c2', detail: { copy: true } });
    const log = createReprintLog(db);
    expect(log.ofCase('c1')).toEqual([
      { at: NOW, actor: 'T02', document: 'receipt.print' },
      { at: NOW, actor: 'T01', document: 'notice.pdf' },
    ]);
    expect(log.count('T01', '2026-12-04T16:00:00.000Z', '2026-12-05T16:00:00.000Z')).toBe(1);
  });
});

describe('daily closing', () => {
  it('counts the teller’s cases of the China day by outcome, unsent and to inform; other tellers and days apart', () => {
    addCase('c1', { status: 'completed', kind: 'immediate' });
    addCase('c2', { status: 'received', sync: 'queued' });
    addCase('c3', { status: 'approved' });
    addCase('c4', { status: 'approved', informed: true });
    addCase('c5', { status: 'completed', teller: 'T02' });
    addCase('c6', { status: 'completed', at: '2026-12-04T15:59:00.000Z' }); // 23:59 on the 4th in China
    const closing = createDailyClosing({ db, config, items, draft: () => null, clock });
    const s = closing.summary();
    expect(s.date).toBe('2026-12-05');
    expect(s.total).toBe(4);
    expect(Object.fromEntries(s.byOutcome.map((o) => [o.statusText, o.cases]))).toEqual({ 已办结: 1, 已接收: 1, 已审批: 2 });
    expect(s.unsent).toBe(1);
    expect(s.toInform).toBe(1);
    expect(s.blockers).toEqual([]);
    expect(closing.summary('2026-12-04').total).toBe(1);
  });

  it('refuses to close while a case is half-done, says why, and writes nothing; then closes once', () => {
    let draft: Draft | null = { caseId: '0192f1c4-0000-7000-8000-000000000001', applicant: null, itemCode: 'SI-04-01', form: {}, materials: [], feedback: { channel: 'sms', phone: '', address: '' }, reviewNotes: '' };
    addCase('c1', { status: 'received', sync: 'attention' });
    const closing = createDailyClosing({ db, config, items, draft: () => draft, clock });
    let refused: unknown;
    try {
      closing.close();
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(CoreError);
    const e = refused as CoreError;
    expect(e.code).toBe('conflict');
    expect(e.issues).toEqual([
      { path: 'case.0192f1c4-0000-7000-8000-000000000001', message: 'issue.closing.draft', params: { item: '联系方式及地址变更' } },
      { path: 'case.c1', message: 'issue.closing.attention', params: { item: '联系方式及地址变更' } },
    ]);
    expect(e.issues!.map(tIssue)).toEqual(['「联系方式及地址变更」正在受理，尚未确认：请确认受理（F9）或按「下一位」放弃', '「联系方式及地址变更」被专线退回，待柜员修改后重新提交']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM day_closings').get()).toEqual({ n: 0 });

    draft = null;
    db.prepare("UPDATE cases SET sync_state = 'synced'").run();
    const first = closing.close();
    expect(first.copy).toBe(false);
    expect(first.closing.closedAt).toBe(NOW);
    const again = closing.close();
    expect(again.copy).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM day_closings').get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM audit WHERE action = 'day.close'").get()).toEqual({ n: 1 });
  });

  it('prints an A4 sheet with the figures and the signature lines', async () => {
    addCase('c1', { status: 'completed', kind: 'immediate' });
    const closing = createDailyClosing({ db, config, items, draft: () => null, clock });
    const pdf = await dailyClosingPdf(closing.close().closing);
    const file = path.join(dir, 'closing.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const s of ['日终汇总表', '2026年12月5日', 'T01', '3号窗口', '已办结', '1件', '柜员签字', '网点负责人签字', '2026-12-0510:00']) expect(text, s).toContain(s);
  });
});
