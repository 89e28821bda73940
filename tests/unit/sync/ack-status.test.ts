/**
 * The rule that decides whether a write answer (ack) may set a case's status, on a real SQLite terminal database:
 * an ack sets the status only when no back-office status change was applied to the case after the ack's outbox row
 * was created; otherwise it only fills case number, promised date and result where they are missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxStore, type ChangeRecord, type OutboxRow } from '../../../src-main/core/sync/outbox-store';
import type { CaseAck, Change } from '../../../src-main/core/sync/wire';
import { openTerminal, type TestTerminal } from '../../fault/support/terminal';

const terms: TestTerminal[] = [];
afterEach(() => terms.splice(0).forEach((t) => t.close()));

function setup(): { t: TestTerminal; store: OutboxStore } {
  const t = openTerminal({ urls: { si: null, tax: null } });
  terms.push(t);
  return { t, store: new OutboxStore(t.db) };
}

const NOW = () => new Date().toISOString();
/** A back-office change's `at` a minute from now: after every outbox row of the test (see applyChange). */
const SOON = () => new Date(Date.now() + 60_000).toISOString();

function row(store: OutboxStore, caseId: string, rev: number): OutboxRow {
  const head = store.heads('si').find((h) => h.caseId === caseId && h.rev === rev);
  if (!head) throw new Error(`no pending head ${caseId}:${rev}`);
  return store.load([head.seq])[0]!;
}

function ack(store: OutboxStore, r: OutboxRow, a: CaseAck) {
  return store.tx(() => store.recordAck(r, 'si', a, NOW()));
}

function change(store: OutboxStore, c: Change): ChangeRecord | null {
  return store.tx(() => store.applyChange(c, `${c.at}|${c.status}`, NOW()));
}

function caseRow(t: TestTerminal, id: string) {
  return t.db.prepare('SELECT status, case_no, promised_date, result_json, sync_state FROM cases WHERE id = ?').get(id) as {
    status: string;
    case_no: string | null;
    promised_date: string | null;
    result_json: string | null;
    sync_state: string;
  };
}

describe('OutboxStore.recordAck and back-office status changes', () => {
  it('keeps a status applied from /v1/changes after the revision was queued; fills only what is missing', () => {
    const { t, store } = setup();
    const id = t.addCase();
    const r1 = row(store, id, 1);
    // The answer to rev 1 is late: the back office's approval arrives first.
    expect(change(store, { caseId: id, caseNo: 'SB20261128000001', status: 'approved', at: SOON(), result: { certificateNo: 'Z-1' } })).toMatchObject({ statusApplied: true });
    const recorded = ack(store, r1, { caseNo: 'SB20261128000001', status: 'received', promisedDate: '2026-12-12', result: { other: 'x' } });
    expect(recorded).toMatchObject({ statusApplied: false, status: 'approved' });
    const c = caseRow(t, id);
    expect(c).toMatchObject({ status: 'approved', case_no: 'SB20261128000001', promised_date: '2026-12-12', sync_state: 'synced' });
    expect(JSON.parse(c.result_json!)).toEqual({ certificateNo: 'Z-1' }); // the back office's result is not replaced
    // The same answer recorded again changes nothing.
    expect(ack(store, r1, { caseNo: 'SB20261128000001', status: 'received' })).toBeNull();
  });

  it('keeps it for a later revision too, and for a change recorded before this version (no outboxSeq, by time)', () => {
    const { t, store } = setup();
    const id = t.addCase();
    ack(store, row(store, id, 1), { caseNo: 'SB1', status: 'received' });
    const rev = t.addRevision(id);
    const r2 = row(store, id, rev);
    change(store, { caseId: id, caseNo: 'SB1', status: 'completed', at: SOON() });
    expect(ack(store, r2, { caseNo: 'SB1', status: 'in_review' })).toMatchObject({ statusApplied: false });
    expect(caseRow(t, id).status).toBe('completed');

    // A status event written by an older terminal version carries no outboxSeq: its time decides.
    const other = t.addCase();
    const o1 = row(store, other, 1);
    t.db
      .prepare(`INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, 'status', ?)`)
      .run(other, new Date(Date.parse(o1.createdAt) + 1).toISOString(), JSON.stringify({ change: 'legacy', status: 'approved' }));
    t.db.prepare(`UPDATE cases SET status = 'approved' WHERE id = ?`).run(other);
    ack(store, o1, { caseNo: 'SB2', status: 'received' });
    expect(caseRow(t, other)).toMatchObject({ status: 'approved', case_no: 'SB2' });
  });

  it('still sets the status when no change came after the revision was queued (nothing frozen)', () => {
    const { t, store } = setup();
    const plain = t.addCase();
    expect(ack(store, row(store, plain, 1), { caseNo: 'SB3', status: 'received', promisedDate: '2026-12-12' })).toMatchObject({ statusApplied: true, status: 'received' });
    expect(caseRow(t, plain)).toMatchObject({ status: 'received', case_no: 'SB3', promised_date: '2026-12-12' });

    // A change applied BEFORE rev 2 was written is older than rev 2's answer.
    change(store, { caseId: plain, caseNo: 'SB3', status: 'needs_materials', at: SOON() });
    const rev = t.addRevision(plain);
    ack(store, row(store, plain, rev), { caseNo: 'SB3', status: 'received', promisedDate: '2026-12-15' });
    expect(caseRow(t, plain)).toMatchObject({ status: 'received', promised_date: '2026-12-15' });

    // Completed on the spot: the first answer carries status completed and the result.
    const spot = t.addCase();
    ack(store, row(store, spot, 1), { caseNo: 'SB4', status: 'completed', result: { registrationNo: 'R-1' } });
    expect(caseRow(t, spot)).toMatchObject({ status: 'completed', case_no: 'SB4' });
    expect(JSON.parse(caseRow(t, spot).result_json!)).toEqual({ registrationNo: 'R-1' });
  });
});

describe('OutboxStore.applyChange and answers already applied', () => {
  it('a change older than an answered revision keeps the status, is recorded, fills only what is missing, and holds back no later answer', () => {
    const { t, store } = setup();
    const id = t.addCase();
    const r1 = row(store, id, 1);
    ack(store, r1, { caseNo: 'SB5', status: 'received' });
    const rev = t.addRevision(id);
    ack(store, row(store, id, rev), { caseNo: 'SB5', status: 'in_review' });
    const rev3 = t.addRevision(id); // still pending when the change arrives

    // Made on the server a minute before the case's rows were written, pulled only now.
    const at = new Date(Date.parse(r1.createdAt) - 60_000).toISOString();
    const rec = change(store, { caseId: id, caseNo: 'SB5', status: 'needs_materials', at, result: { x: 1 } });
    expect(rec).toEqual({ status: 'in_review', statusApplied: false, answeredRev: rev });
    expect(caseRow(t, id)).toMatchObject({ status: 'in_review', case_no: 'SB5' });
    expect(JSON.parse(caseRow(t, id).result_json!)).toEqual({ x: 1 }); // missing before: filled
    const events = t.db.prepare(`SELECT detail_json FROM case_events WHERE case_id = ? AND type = 'status'`).all(id) as { detail_json: string }[];
    expect(events.map((e) => JSON.parse(e.detail_json) as unknown)).toEqual([expect.objectContaining({ status: 'needs_materials', statusKept: 'in_review', answeredRev: rev })]);

    // Rev 3 was pending when the change arrived and is newer than it: its answer still sets the status.
    expect(ack(store, row(store, id, rev3), { caseNo: 'SB5', status: 'received' })).toMatchObject({ statusApplied: true });
    expect(caseRow(t, id).status).toBe('received');
  });

  it('server time is converted with the measured skew: a change "after" the row on a fast server clock is older', () => {
    const { t, store } = setup();
    const id = t.addCase();
    const r1 = row(store, id, 1);
    ack(store, r1, { caseNo: 'SB6', status: 'received' });
    // The server clock runs 10 min ahead: its `at` 5 min after the row is 5 min before it on the terminal's clock.
    const at = new Date(Date.parse(r1.createdAt) + 300_000).toISOString();
    const c: Change = { caseId: id, caseNo: 'SB6', status: 'approved', at };
    expect(store.tx(() => store.applyChange(c, 'k1', NOW(), 600_000))).toMatchObject({ statusApplied: false, status: 'received', answeredRev: 1 });
    // Without the skew (or with a small one) the same change is newer than the row and sets the status.
    expect(store.tx(() => store.applyChange({ ...c, status: 'completed' }, 'k2', NOW(), 0))).toMatchObject({ statusApplied: true, status: 'completed' });
    expect(caseRow(t, id).status).toBe('completed');
  });
});
