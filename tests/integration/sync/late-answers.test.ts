/**
 * Late and replayed write answers against the simulator: the server replays the FIRST stored answer of a key, so a
 * resend after a lost answer may bring back a status older than a back-office change the terminal already applied
 * from /v1/changes. Such an answer must not overwrite the newer status; an answer newer than every change must still
 * set it.
 *
 * Ordering is made deterministic without timing: the engine's backoff is a fixed 60 s (random() = 0.999), so a row
 * that failed once goes again only when the test calls retryNow(), after the back-office change was applied.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine, type SyncEvent } from '../../../src-main/core/sync';
import { startSimulator, type SimFaults, type Status } from '../../../src-main/simulator';
import { FAST_TUNING, openTerminal, outboxStates, stoppedAfterEach, waitFor, type SyncRun } from '../../fault/support/terminal';

type Run = SyncRun;

const runs = stoppedAfterEach<Run>();

async function setup(faults?: SimFaults): Promise<Run> {
  const sim = await startSimulator({ seed: 7, errandReceiptDelayMs: null, ...(faults ? { faults: { si: faults } } : {}) });
  const term = openTerminal({ urls: { si: sim.si.url, tax: sim.tax.url } });
  const events: SyncEvent[] = [];
  const engine = createSyncEngine({
    db: term.db,
    vault: term.vault,
    config: term.config,
    logger: silentLogger,
    onEvent: (e) => events.push(e),
    endpoints: ['si'],
    // A failed row (and the line) waits 60 s: nothing is resent until the test says retryNow().
    random: () => 0.999,
    tuning: { ...FAST_TUNING, baseDelayMs: 60_000, capDelayMs: 60_000, retryBudget: 1_000, batchThreshold: 1_000 },
  });
  const run = { sim, term, engine, events };
  runs.push(run);
  return run;
}

function localCase(r: Run, id: string): { status: string; case_no: string | null; promised_date: string | null; sync_state: string } {
  return r.term.db.prepare('SELECT status, case_no, promised_date, sync_state FROM cases WHERE id = ?').get(id) as ReturnType<typeof localCase>;
}

function outboxRow(r: Run, id: string, rev: number): { state: string; attempts: number; last_error: string | null } {
  return r.term.db.prepare('SELECT state, attempts, last_error FROM outbox WHERE case_id = ? AND rev = ?').get(id, rev) as ReturnType<typeof outboxRow>;
}

/** The server applied `id:rev` and the terminal recorded the failed attempt (so the row now waits for retryNow). */
async function appliedButUnanswered(r: Run, id: string, rev: number): Promise<void> {
  await waitFor(() => r.sim.control.receivedCount(`${id}:${rev}`) === 1, `${id}:${rev} applied by the server`);
  await waitFor(() => outboxRow(r, id, rev).attempts >= 1, 'the lost answer recorded as a timeout');
  expect(outboxRow(r, id, rev)).toMatchObject({ state: 'pending' });
  expect(outboxRow(r, id, rev).last_error).toMatch(/timeout/);
  r.sim.control.setFaults('si', {}); // answers flow again; the lost one stays lost
}

/** The back office moves the case and the terminal applies the move from /v1/changes. */
async function backOffice(r: Run, id: string, status: Status): Promise<void> {
  r.sim.control.advance(id, status);
  await waitFor(() => localCase(r, id).status === status, `${status} pulled from /v1/changes`);
}

describe('a late or replayed answer never overwrites a newer back-office status', () => {
  it('rev 1: answer lost after apply, back office approves, the resend gets the replayed "received": the case still shows approved', async () => {
    const r = await setup({ timeoutRate: 1 });
    const id = r.term.addCase();
    r.engine.start();
    await appliedButUnanswered(r, id, 1);
    await backOffice(r, id, 'approved');

    r.engine.retryNow();
    await waitFor(() => outboxStates(r.term.db).sent === 1, 'rev 1 resent and answered');
    const stored = JSON.parse((r.term.db.prepare('SELECT response_json FROM outbox WHERE case_id = ?').get(id) as { response_json: string }).response_json) as { status: string };
    expect(stored.status).toBe('received'); // the server did replay its first answer
    const server = r.sim.control.getCase(id)!;
    expect(localCase(r, id)).toMatchObject({ status: 'approved', case_no: server.caseNo, promised_date: server.promisedDate, sync_state: 'synced' });
    expect(r.sim.control.receivedCount(`${id}:1`)).toBe(1);
    expect(r.sim.control.requestCount(`${id}:1`)).toBe(2);
    expect(server.revisions).toEqual([1]);
    expect(server.status).toBe('approved');
  });

  it('rev 1 replay held back under needs_materials; the supplement made after that change still sets its own status', async () => {
    const r = await setup({ timeoutRate: 1 });
    const id = r.term.addCase();
    r.engine.start();
    await appliedButUnanswered(r, id, 1);
    await backOffice(r, id, 'needs_materials');
    r.engine.retryNow();
    await waitFor(() => outboxStates(r.term.db).sent === 1, 'rev 1 resent and answered');
    expect(localCase(r, id).status).toBe('needs_materials');

    // The citizen brings the materials: rev 2 is created after the change, so its answer is newer than it.
    const rev = r.term.addRevision(id);
    r.engine.kick();
    await waitFor(() => outboxStates(r.term.db).sent === 2, 'rev 2 answered');
    expect(r.sim.control.getCase(id)!.status).toBe('received');
    expect(localCase(r, id).status).toBe('received');
    expect(r.sim.control.getCase(id)!.revisions).toEqual([1, rev]);
  });

  it('rev 2: its answer lost after apply, back office approves, the replayed answer does not take approved away', async () => {
    const r = await setup();
    const id = r.term.addCase();
    r.engine.start();
    await waitFor(() => outboxStates(r.term.db).sent === 1, 'rev 1 answered');
    expect(localCase(r, id).status).toBe('received');

    r.sim.control.setFaults('si', { timeoutRate: 1 });
    const rev = r.term.addRevision(id);
    r.engine.kick();
    await appliedButUnanswered(r, id, rev);
    await backOffice(r, id, 'approved');
    r.engine.retryNow();
    await waitFor(() => outboxStates(r.term.db).sent === 2, 'rev 2 resent and answered');
    expect(localCase(r, id)).toMatchObject({ status: 'approved', sync_state: 'synced' });
    expect(r.sim.control.receivedCount(`${id}:${rev}`)).toBe(1);
    expect(r.sim.control.getCase(id)!.revisions).toEqual([1, rev]);
  });

  it('an answer withheld because a change arrived while its revision waited is settled by GET /v1/cases/{id} (nothing frozen)', async () => {
    const r = await setup();
    const id = r.term.addCase();
    r.engine.start();
    await waitFor(() => outboxStates(r.term.db).sent === 1, 'rev 1 answered');

    // Rev 2 is queued but NOT applied (connection reset) and then waits for retryNow.
    r.sim.control.setFaults('si', { resetRate: 1 });
    const rev = r.term.addRevision(id);
    r.engine.kick();
    await waitFor(() => outboxRow(r, id, rev).attempts >= 1, 'rev 2 failed once');
    r.sim.control.setFaults('si', {});
    expect(r.sim.control.receivedCount(`${id}:${rev}`)).toBe(0);

    // The back office asks for materials; the terminal applies that while rev 2 (the supplement) waits.
    await backOffice(r, id, 'needs_materials');
    r.engine.retryNow();
    await waitFor(() => outboxStates(r.term.db).sent === 2, 'rev 2 answered');
    // The server applied rev 2 after the change, so its answer is the newer status. The terminal cannot tell that
    // from the answer alone; it asks the server and shows what the server holds.
    expect(r.sim.control.getCase(id)!.status).toBe('received');
    await waitFor(() => localCase(r, id).status === 'received', 'the status the server holds');
    expect(r.sim.control.receivedCount(`${id}:${rev}`)).toBe(1);
  });

  it('an immediate item completed on the spot shows completed with its result', async () => {
    const r = await setup();
    const id = r.term.addCase();
    // The test terminal writes commitment bodies; make this one an immediate item before it is sent.
    const row = r.term.db.prepare('SELECT seq, body_enc FROM outbox WHERE case_id = ?').get(id) as { seq: number; body_enc: Buffer };
    const body = r.term.vault.open(row.body_enc) as Record<string, unknown>;
    r.term.db.prepare('UPDATE outbox SET body_enc = ? WHERE seq = ?').run(r.term.vault.seal({ ...body, kind: 'immediate' }), row.seq);
    r.engine.start();
    await waitFor(() => outboxStates(r.term.db).sent === 1, 'answered');
    const c = r.term.db.prepare('SELECT status, result_json FROM cases WHERE id = ?').get(id) as { status: string; result_json: string };
    expect(c.status).toBe('completed');
    expect(JSON.parse(c.result_json)).toEqual(r.sim.control.getCase(id)!.result);
  });
});
