/** State in a SQLite file survives a restart of the simulator. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startSimulator } from '../../../src-main/simulator';
import { call, caseBody, keyOf, putCase } from './helpers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps cases, stored responses, counters, changes and pending errand receipts across a restart', async () => {
  const dataFile = path.join(dir, 'sim.db');
  const first = await startSimulator({ dataFile, errandReceiptDelayMs: null });
  const a = caseBody({ kind: 'commitment' });
  const created = await putCase(first.si.url, a);
  const c = caseBody({ kind: 'commitment' });
  await putCase(first.si.url, c);
  first.control.advance(c.caseId, 'in_review');
  const feed = await call(first.si.url, 'GET', '/v1/changes');
  const batch = { batchId: crypto.randomUUID(), branchCode: a.branchCode, date: '2026-11-27', caseIds: [a.caseId], handedBy: 'T0042', courier: '王师傅' };
  expect((await call(first.si.url, 'POST', '/v1/errand-batches', { body: batch, headers: { 'Idempotency-Key': batch.batchId } })).status).toBe(201);
  await first.close();

  const second = await startSimulator({ dataFile, errandReceiptDelayMs: 20 });
  try {
    expect(second.control.getCase(a.caseId)).toMatchObject({ caseNo: created.body.caseNo, status: 'received', revisions: [1] });
    expect(second.control.getCase(c.caseId)?.status).toBe('in_review');
    const replay = await putCase(second.si.url, a);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(created.body);
    expect(second.control.receivedCount(keyOf(a))).toBe(1);
    expect(second.control.requestCount(keyOf(a))).toBe(2);
    // the cursor handed out before the restart still works, and the pending errand receipt arrives
    await expect
      .poll(async () => (await call(second.si.url, 'GET', `/v1/changes?since=${feed.body.next}`)).body.changes.map((x: { caseId: string; status: string }) => [x.caseId, x.status]), { timeout: 2000 })
      .toEqual([[a.caseId, 'received']]);
    const b = caseBody();
    const next = await putCase(second.si.url, b);
    expect(next.body.caseNo).not.toBe(created.body.caseNo);
    expect((await putCase(second.si.url, { ...a, rev: 2, action: 'supplement' })).status).toBe(200);
  } finally {
    await second.close();
  }
});
