/**
 * Back-office changes that reach the terminal after a newer write answer, against the simulator. The back office asks
 * for materials (change c1); before the terminal pulls c1 the citizen brings them and the supplement (rev 2) is
 * answered; then c1 arrives through /v1/changes. c1 is older on the server than rev 2's answer and must not set the
 * case back to needs_materials: the terminal keeps the status and asks GET /v1/cases/{id}.
 *
 * Ordering is made deterministic without timing: the first engine polls /v1/changes once, when it starts (poll
 * interval one hour), and the test waits for that poll before the back office moves. The pull of c1 is explicit: a
 * second engine on the same database polls when it starts. A poll and the GET /v1/cases/{id} settlement that follows
 * it finish before the next poll starts, so a later rewrite of the change cursor (kv) marks that the settlement is done.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine, type SyncEngine, type SyncEvent } from '../../../src-main/core/sync';
import { startSimulator } from '../../../src-main/simulator';
import { FAST_TUNING, openTerminal, outboxStates, stoppedAfterEach, waitFor, type SyncRun, type TestTerminal } from '../../fault/support/terminal';

const runs = stoppedAfterEach<SyncRun>();
const CURSOR_KEY = 'sync.changes.cursor.si';

function newEngine(r: Pick<SyncRun, 'term' | 'events'>, pollIntervalMs: number, also?: (e: SyncEvent) => void): SyncEngine {
  return createSyncEngine({
    db: r.term.db,
    vault: r.term.vault,
    config: r.term.config,
    logger: silentLogger,
    onEvent: (e) => {
      r.events.push(e);
      also?.(e);
    },
    endpoints: ['si'],
    random: () => 0.999,
    tuning: { ...FAST_TUNING, pollIntervalMs },
  });
}

async function setup(): Promise<SyncRun> {
  const sim = await startSimulator({ seed: 11, errandReceiptDelayMs: null });
  const term = openTerminal({ urls: { si: sim.si.url, tax: sim.tax.url } });
  const events: SyncEvent[] = [];
  // Polls once, at start: no back-office change reaches this engine unless the test lets it.
  const engine = newEngine({ term, events }, 3_600_000);
  const run = { sim, term, engine, events };
  runs.push(run);
  return run;
}

function cursorWrittenAt(r: SyncRun): string | null {
  return (r.term.db.prepare('SELECT updated_at FROM kv WHERE key = ?').get(CURSOR_KEY) as { updated_at: string } | undefined)?.updated_at ?? null;
}

function localStatus(r: SyncRun, id: string): string {
  return (r.term.db.prepare('SELECT status FROM cases WHERE id = ?').get(id) as { status: string }).status;
}

function eventsOf(r: SyncRun, id: string, type: string): Record<string, unknown>[] {
  return (r.term.db.prepare('SELECT detail_json FROM case_events WHERE case_id = ? AND type = ? ORDER BY seq').all(id, type) as { detail_json: string }[]).map(
    (e) => JSON.parse(e.detail_json) as Record<string, unknown>,
  );
}

/** Rev 1 of a new case answered by the first engine, whose only poll is over. */
async function answeredCase(r: SyncRun): Promise<string> {
  const id = r.term.addCase();
  r.engine.start();
  await waitFor(() => outboxStates(r.term.db).sent === 1, 'rev 1 answered');
  await waitFor(() => cursorWrittenAt(r) !== null, 'the first engine polled /v1/changes');
  expect(localStatus(r, id)).toBe('received');
  return id;
}

/** Rev 2 (the supplement) sent and answered by the first engine; no change pulled meanwhile. */
async function supplement(r: SyncRun, id: string): Promise<number> {
  const rev = r.term.addRevision(id);
  r.engine.kick();
  await waitFor(() => outboxStates(r.term.db).sent === 2, 'rev 2 answered');
  expect(eventsOf(r, id, 'status')).toEqual([]);
  return rev;
}

/** Explicit pull: a second engine polls /v1/changes when it starts; resolves once that poll and its settlement are done. */
async function pullAndSettle(r: SyncRun, changes: number, id: string): Promise<void> {
  await r.engine.stop();
  const before = cursorWrittenAt(r);
  r.engine = newEngine(r, FAST_TUNING.pollIntervalMs);
  r.engine.start();
  await waitFor(() => eventsOf(r, id, 'status').length === changes, 'the back-office changes pulled');
  const first = cursorWrittenAt(r);
  expect(first).not.toBe(before);
  await waitFor(() => cursorWrittenAt(r) !== first, 'the next poll (the first one and its GET /v1/cases/{id} are over)');
}

describe('a back-office change older than an applied answer does not set the status', () => {
  it('needs_materials made before the supplement, pulled after its answer: the case shows the server status, not needs_materials', async () => {
    const r = await setup();
    const id = await answeredCase(r);
    r.sim.control.advance(id, 'needs_materials'); // c1, at T1
    const rev = await supplement(r, id); // created after T1, applied and answered
    const server = r.sim.control.getCase(id)!;
    // The simulator answers a supplement after needs_materials with `received` (a fresh start of the review).
    expect(server.status).toBe('received');
    expect(localStatus(r, id)).toBe('received');

    await pullAndSettle(r, 1, id);
    expect(localStatus(r, id)).toBe(r.sim.control.getCase(id)!.status);
    expect(localStatus(r, id)).toBe('received');
    // The change is still recorded (errand receipts count status events), marked as not applied.
    expect(eventsOf(r, id, 'status')).toEqual([expect.objectContaining({ status: 'needs_materials', statusKept: 'received', answeredRev: rev })]);
    expect(r.events.filter((e) => e.type === 'case.status')).toEqual([expect.objectContaining({ caseId: id, status: 'received' })]);
    expect(r.sim.control.getCase(id)!.revisions).toEqual([1, rev]);
    expect(r.sim.control.receivedCount(`${id}:1`)).toBe(1);
    expect(r.sim.control.receivedCount(`${id}:${rev}`)).toBe(1);
  });

  it('when the server has moved on since the answer, GET /v1/cases/{id} decides: in_review', async () => {
    const r = await setup();
    const id = await answeredCase(r);
    r.sim.control.advance(id, 'needs_materials'); // c1: older than rev 2
    const rev = await supplement(r, id);
    // c2 follows rev 2 within the ordering margin (ms apart here), so it cannot be told from a change older than
    // rev 2 either: the terminal asks the server, which holds in_review.
    r.sim.control.advance(id, 'in_review');

    await pullAndSettle(r, 2, id);
    expect(r.sim.control.getCase(id)!.status).toBe('in_review');
    expect(localStatus(r, id)).toBe('in_review');
    expect(eventsOf(r, id, 'reconciled')).toEqual([expect.objectContaining({ status: 'in_review', rev })]);
    expect(r.sim.control.getCase(id)!.revisions).toEqual([1, rev]);
    expect(r.sim.control.receivedCount(`${id}:${rev}`)).toBe(1);
  });

  it('a change newer than the last answer still sets the status, without asking the server', async () => {
    const r = await setup();
    const id = await answeredCase(r);
    const rev = await supplement(r, id);
    // Both revisions were made an hour before the back office decides (the ordinary pace of a case).
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    r.term.db.prepare('UPDATE outbox SET created_at = ? WHERE case_id = ?').run(hourAgo, id);
    r.sim.control.advance(id, 'approved');

    await pullAndSettle(r, 1, id);
    expect(localStatus(r, id)).toBe('approved');
    const [status] = eventsOf(r, id, 'status');
    expect(status).toMatchObject({ status: 'approved' });
    expect(status).not.toHaveProperty('statusKept');
    expect(eventsOf(r, id, 'reconciled')).toEqual([]);
    expect(r.events.filter((e) => e.type === 'case.status')).toEqual([expect.objectContaining({ caseId: id, status: 'approved' })]);
    expect(r.sim.control.getCase(id)!.revisions).toEqual([1, rev]);
  });
});

/**
 * The settlement queue is derived from the database when a lane starts: a kept status recorded by an engine that
 * stopped (or crashed) before its GET /v1/cases/{id} is settled by the next engine, on the same database file.
 */
describe('a kept status whose settlement did not happen before the engine stopped', () => {
  /** A second connection to the terminal's database file (a restarted core); closed by the test, before the run's. */
  function reopen(r: SyncRun): TestTerminal {
    return openTerminal({ dir: r.term.dir, urls: { si: r.sim.si.url, tax: r.sim.tax.url } });
  }

  /** Polls of `term`'s engine: resolves once the first poll after now and its settlement are over (see pullAndSettle). */
  async function firstPollSettled(term: TestTerminal, before: string | null): Promise<void> {
    const written = () => (term.db.prepare('SELECT updated_at FROM kv WHERE key = ?').get(CURSOR_KEY) as { updated_at: string } | undefined)?.updated_at ?? null;
    await waitFor(() => written() !== before, 'the first poll of the new engine');
    const first = written();
    await waitFor(() => written() !== first, 'the next poll (the first one and its GET /v1/cases/{id} are over)');
  }

  it('stopped right after the kept status was recorded: a new engine on the same file settles it to the server status', async () => {
    const r = await setup();
    const id = await answeredCase(r);
    r.sim.control.advance(id, 'needs_materials'); // c1: older than rev 2
    const rev = await supplement(r, id);
    r.sim.control.advance(id, 'in_review'); // c2: the server's current status
    await r.engine.stop();

    // This engine pulls c1 and c2 at start; both keep `received` and queue the case for GET /v1/cases/{id}. It is
    // stopped from inside the event of the first kept status, i.e. after that transaction committed and before the
    // poll reaches the settlement (which returns at once when the lane is no longer running): no GET goes out.
    let stopping: Promise<void> | null = null;
    const second: SyncEngine = newEngine(r, FAST_TUNING.pollIntervalMs, (e) => {
      if (e.type === 'case.status' && e.caseId === id && e.status === 'received') stopping ??= second.stop();
    });
    r.engine = second;
    second.start();
    await waitFor(() => stopping !== null, 'a status kept by the second engine');
    await stopping;
    expect(eventsOf(r, id, 'status')).toEqual([
      expect.objectContaining({ status: 'needs_materials', statusKept: 'received', answeredRev: rev }),
      expect.objectContaining({ status: 'in_review', statusKept: 'received', answeredRev: rev }),
    ]);
    expect(eventsOf(r, id, 'reconciled')).toEqual([]);
    expect(localStatus(r, id)).toBe('received'); // not settled: the server holds in_review
    expect(r.sim.control.getCase(id)!.status).toBe('in_review');

    // The restarted core: a new connection to the same file and a new engine. Nothing new is published on
    // /v1/changes (its cursor is past c1 and c2), so only the database can tell it that the case is unsettled.
    const term = reopen(r);
    const events: SyncEvent[] = [];
    const third = newEngine({ term, events }, FAST_TUNING.pollIntervalMs);
    try {
      const before = (term.db.prepare('SELECT updated_at FROM kv WHERE key = ?').get(CURSOR_KEY) as { updated_at: string }).updated_at;
      third.start();
      await firstPollSettled(term, before);
      const status = (term.db.prepare('SELECT status FROM cases WHERE id = ?').get(id) as { status: string }).status;
      expect(status).toBe('in_review');
      expect(eventsOf({ ...r, term }, id, 'reconciled')).toEqual([expect.objectContaining({ status: 'in_review', rev })]);
      expect(events.filter((e) => e.type === 'case.status')).toEqual([expect.objectContaining({ caseId: id, status: 'in_review' })]);
      // The changes were pulled once: settling asked no change again.
      expect(eventsOf({ ...r, term }, id, 'status')).toHaveLength(2);
    } finally {
      await third.stop();
      term.close();
    }
  });

  it('a settlement the server keeps answering badly is given up after a bounded number of attempts, counted across restarts', async () => {
    const r = await setup();
    const id = await answeredCase(r);
    await r.engine.stop();
    // A kept status that names a revision the server has not seen (a lagging replica): every GET /v1/cases/{id} answers
    // 'stale'. Written as recordAck writes it, in one transaction with nothing else.
    r.term.db
      .prepare(`INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, 'synced', ?)`)
      .run(id, new Date().toISOString(), JSON.stringify({ rev: 99, endpoint: 'si', caseNo: 'X', status: 'needs_materials', statusKept: 'received' }));
    const failed = () => eventsOf(r, id, 'settle_failed').length;
    const settled = () => eventsOf(r, id, 'settled');

    // Each engine below polls once, when it starts (poll interval one hour), so each start makes exactly one
    // settlement attempt: four starts, four failed attempts recorded, no give-up yet.
    for (let k = 1; k <= 4; k++) {
      r.engine = newEngine(r, 3_600_000);
      r.engine.start();
      await waitFor(() => failed() === k, `failed settlement attempt ${k}`);
      await r.engine.stop();
      expect(settled()).toEqual([]);
    }
    // The fifth start makes the fifth attempt, the last one: the settlement is given up, for good.
    r.engine = newEngine(r, 3_600_000);
    r.engine.start();
    await waitFor(() => settled().length === 1, 'the settlement given up');
    await r.engine.stop();
    expect(failed()).toBe(4);
    expect(settled()).toEqual([expect.objectContaining({ outcome: 'gave_up', lastOutcome: 'stale' })]);

    // A later start does not ask again.
    const before = cursorWrittenAt(r);
    r.engine = newEngine(r, FAST_TUNING.pollIntervalMs);
    r.engine.start();
    await firstPollSettled(r.term, before);
    expect(failed()).toBe(4);
    expect(settled()).toHaveLength(1);
    expect(localStatus(r, id)).toBe('received');
  });
});
