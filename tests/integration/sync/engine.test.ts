import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncEngine, type SyncEngine, type SyncEvent } from '../../../src-main/core/sync';
import { silentLogger } from '../../../src-main/core/logging/types';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { FAST_TUNING, openTerminal, outboxStates, waitFor, type TestTerminal } from '../../fault/support/terminal';

let sim: Simulator;
let term: TestTerminal;
const engines: SyncEngine[] = [];
let events: SyncEvent[];

function engine(t: TestTerminal = term, tuning: Record<string, number> = {}): SyncEngine {
  const e = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger: silentLogger, onEvent: (ev) => events.push(ev), tuning: { ...FAST_TUNING, ...tuning } });
  engines.push(e);
  return e;
}

beforeEach(async () => {
  events = [];
  sim = await startSimulator({ seed: 1, errandReceiptDelayMs: null });
  term = openTerminal({ urls: { si: sim.si.url, tax: sim.tax.url } });
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  term.close();
  await sim.close();
});

describe('sync engine against the simulator', () => {
  it('sends a single case with PUT and records the answer in one transaction', async () => {
    const id = term.addCase();
    const e = engine();
    e.start();
    await waitFor(() => outboxStates(term.db).sent === 1, 'the case to be sent');
    const row = term.db.prepare('SELECT case_no, status, sync_state FROM cases WHERE id = ?').get(id) as { case_no: string; status: string; sync_state: string };
    expect(row.sync_state).toBe('synced');
    expect(row.case_no).toBe(sim.control.getCase(id)!.caseNo);
    expect(sim.control.receivedCount(`${id}:1`)).toBe(1);
    expect(term.db.prepare(`SELECT COUNT(*) AS n FROM case_events WHERE case_id = ? AND type = 'synced'`).get(id)).toEqual({ n: 1 });
    expect(events.some((ev) => ev.type === 'case.synced' && ev.caseId === id)).toBe(true);
    expect(e.status().si).toMatchObject({ unsent: 0, oldestUnsentAgeMs: null, attention: 0 });
  });

  it('sends a backlog as batches, each case on its endpoint, revisions in order', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => term.addCase({ endpoint: i % 3 === 0 ? 'tax' : 'si' }));
    for (const id of ids.slice(0, 5)) {
      term.addRevision(id);
      term.addRevision(id);
    }
    const e = engine();
    e.start();
    await waitFor(() => outboxStates(term.db).sent === 40, 'all 40 revisions sent');
    for (const [i, id] of ids.entries()) {
      const c = sim.control.getCase(id, i % 3 === 0 ? 'tax' : 'si')!;
      expect(c.revisions).toEqual(i < 5 ? [1, 2, 3] : [1]);
    }
    for (const id of ids) expect(sim.control.requestCount(`${id}:1`)).toBe(1);
    expect(e.status().si.unsent + e.status().tax.unsent).toBe(0);
  });

  it('sends what is committed while running without waiting for another write (kick and own timer)', async () => {
    const e = engine();
    e.start();
    await waitFor(() => e.status().si.line === 'up', 'line up');
    const a = term.addCase();
    e.kick();
    await waitFor(() => sim.control.receivedCount(`${a}:1`) === 1, 'kicked case sent');
    const b = term.addCase(); // no kick: the sender's own timer must find it
    await waitFor(() => sim.control.receivedCount(`${b}:1`) === 1, 'un-kicked case sent');
  });

  it('applies back-office status changes once, with a durable cursor', async () => {
    const id = term.addCase();
    const e = engine();
    e.start();
    await waitFor(() => outboxStates(term.db).sent === 1, 'sent');
    sim.control.advance(id, 'approved', { note: '审核通过' });
    await waitFor(() => events.some((ev) => ev.type === 'case.status' && ev.caseId === id && ev.status === 'approved'), 'status event');
    expect((term.db.prepare('SELECT status FROM cases WHERE id = ?').get(id) as { status: string }).status).toBe('approved');
    // Forget the cursor: the same change arrives again and must not make a second event row.
    await e.stop();
    term.db.prepare(`DELETE FROM kv WHERE key LIKE 'sync.changes.cursor.%'`).run();
    const before = events.length;
    const e2 = engine();
    e2.start();
    await waitFor(() => term.db.prepare(`SELECT 1 FROM kv WHERE key = 'sync.changes.cursor.si'`).get() !== undefined, 'cursor rewritten');
    const statusRows = term.db.prepare(`SELECT COUNT(*) AS n FROM case_events WHERE case_id = ? AND type = 'status'`).get(id) as { n: number };
    expect(statusRows.n).toBe(1);
    expect(events.slice(before).filter((ev) => ev.type === 'case.status')).toHaveLength(0);
  });

  it('reports health: line up, catalog version, clock skew', async () => {
    const e = engine();
    e.start();
    await waitFor(() => e.status().tax.line === 'up' && e.status().si.line === 'up', 'both lines up');
    const s = e.status().si;
    expect(s.catalogVersion).toBe(1);
    expect(e.catalogVersion('si')).toBe(1);
    expect(Math.abs(s.skewMs!)).toBeLessThan(60_000);
    expect(events.some((ev) => ev.type === 'line.changed' && ev.endpoint === 'si' && ev.status.line === 'up')).toBe(true);
  });

  it('lets only one of two engines on the same database file send (kv lease)', async () => {
    const other = openTerminal({ dir: term.dir, urls: { si: sim.si.url, tax: sim.tax.url } });
    try {
      const ids = Array.from({ length: 60 }, () => term.addCase());
      const a = engine(term);
      const b = engine(other);
      a.start();
      b.start();
      // Keep adding while both run, so both would have something to send.
      for (let i = 0; i < 20; i++) {
        ids.push(term.addCase());
        a.kick();
        b.kick();
        await new Promise((r) => setTimeout(r, 5));
      }
      await waitFor(() => outboxStates(term.db).sent === 80, 'all sent');
      for (const id of ids) expect(sim.control.requestCount(`${id}:1`)).toBe(1);
      // The holder stops: the other takes over once the lease expires.
      await a.stop();
      const late = term.addCase();
      await waitFor(() => sim.control.receivedCount(`${late}:1`) === 1, 'standby took over');
    } finally {
      await Promise.all(engines.splice(0).map((e) => e.stop()));
      other.db.close();
    }
  });
});
