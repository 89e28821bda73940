/**
 * OutboxStore.openSettlements on a real SQLite terminal database: the GET /v1/cases/{id} settlements a lane still owes
 * are derived from case_events, so a restart between a kept status and its settlement loses none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../../src-main/core/sync/outbox-store';
import { openTerminal, type TestTerminal } from '../../fault/support/terminal';

const terms: TestTerminal[] = [];
afterEach(() => terms.splice(0).forEach((t) => t.close()));

const NOW = () => new Date().toISOString();

function setup(): { t: TestTerminal; store: OutboxStore; event: (id: string, type: string, detail: Record<string, unknown>) => void } {
  const t = openTerminal({ urls: { si: null, tax: null } });
  terms.push(t);
  const insert = t.db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
  return { t, store: new OutboxStore(t.db), event: (id, type, detail) => insert.run(id, NOW(), type, JSON.stringify(detail)) };
}

/** A write answer held back (as recordAck records it). */
const keptAck = (rev: number, status: string, kept: string) => ({ rev, endpoint: 'si', caseNo: 'SB1', status, statusKept: kept });
/** A back-office change held back (as applyChange records it). */
const keptChange = (answeredRev: number, status: string, kept: string) => ({ change: `${NOW()}|${status}`, status, at: NOW(), outboxSeq: 1, statusKept: kept, answeredRev });

describe('OutboxStore.openSettlements', () => {
  it('lists kept statuses newer than their last closing event, with the newest answered rev and the failed tries since', () => {
    const { t, store, event } = setup();
    const plain = t.addCase();
    event(plain, 'synced', { rev: 1, endpoint: 'si', caseNo: 'SB1', status: 'received' });

    const ack = t.addCase();
    event(ack, 'synced', keptAck(1, 'received', 'approved'));

    const change = t.addCase();
    event(change, 'status', keptChange(2, 'needs_materials', 'received'));
    event(change, 'synced', keptAck(3, 'received', 'needs_materials'));
    event(change, 'settle_failed', { endpoint: 'si', outcome: 'stale', http: 200 });
    event(change, 'settle_failed', { endpoint: 'si', outcome: 'raced', http: 200 });

    const same = t.addCase(); // held back, but the answer said what the case shows: nothing to settle
    event(same, 'synced', keptAck(1, 'approved', 'approved'));

    const reconciled = t.addCase();
    event(reconciled, 'synced', keptAck(1, 'received', 'approved'));
    event(reconciled, 'reconciled', { status: 'received', rev: 1, endpoint: 'si', outboxSeq: 1 });

    const gaveUp = t.addCase();
    event(gaveUp, 'status', keptChange(1, 'needs_materials', 'received'));
    event(gaveUp, 'settled', { endpoint: 'si', outcome: 'gave_up' });

    const reopened = t.addCase(); // settled once, then a newer kept status: open again, tries from zero
    event(reopened, 'synced', keptAck(1, 'received', 'approved'));
    event(reopened, 'settle_failed', { endpoint: 'si', outcome: 'stale', http: 200 });
    event(reopened, 'settled', { endpoint: 'si', outcome: 'same', status: 'approved', rev: 1 });
    event(reopened, 'status', keptChange(4, 'in_review', 'approved'));

    const tax = t.addCase({ endpoint: 'tax' });
    event(tax, 'synced', keptAck(1, 'received', 'approved'));

    expect(store.openSettlements('si')).toEqual([
      { caseId: ack, rev: 1, tries: 0 },
      { caseId: change, rev: 3, tries: 2 },
      { caseId: reopened, rev: 4, tries: 0 },
    ]);
    expect(store.openSettlements('tax')).toEqual([{ caseId: tax, rev: 1, tries: 0 }]);
  });

  it('a settlement closed by closeSettlement or an applied server case is no longer listed', () => {
    const { t, store, event } = setup();
    const a = t.addCase();
    const b = t.addCase();
    event(a, 'synced', keptAck(1, 'received', 'approved'));
    event(b, 'synced', keptAck(1, 'received', 'approved'));
    expect(store.openSettlements('si').map((o) => o.caseId)).toEqual([a, b]);
    store.tx(() => store.recordSettleFailure(a, 'si', 'stale', 200, NOW()));
    expect(store.openSettlements('si')).toEqual([
      { caseId: a, rev: 1, tries: 1 },
      { caseId: b, rev: 1, tries: 0 },
    ]);
    store.tx(() => store.closeSettlement(a, 'si', 'not_found', NOW()));
    t.db.prepare(`UPDATE cases SET status = 'approved' WHERE id = ?`).run(b);
    // The server holds the status the case shows: 'same', recorded as a 'settled' event.
    expect(store.tx(() => store.applyServerCase({ caseId: b, caseNo: 'SB1', status: 'approved', rev: 1 }, store.caseMark(b), 1, 'si', NOW()))).toBe('same');
    expect(store.openSettlements('si')).toEqual([]);
  });
});
