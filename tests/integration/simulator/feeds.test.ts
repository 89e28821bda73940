/** Batch upload, the change feed, errand batches, health and catalog over real HTTP. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { call, caseBody, keyOf, putCase } from './helpers';

let sim: Simulator;
let catalogVersion = 3;
beforeAll(async () => {
  sim = await startSimulator({
    seed: 2,
    errandReceiptDelayMs: 50,
    catalog: () => ({ version: catalogVersion, items: [{ code: 'SI-01-01', version: 2 }, { code: 'SI-01-02', version: 3 }] }),
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const item = (body: ReturnType<typeof caseBody>, key = keyOf(body)) => ({ idempotencyKey: key, case: body });

describe('POST /v1/cases/batch', () => {
  it('answers one result per item in order, each item idempotent on its own', async () => {
    const a1 = caseBody({ kind: 'commitment' });
    const a2 = { ...a1, rev: 2, action: 'supplement' as const };
    const bad = caseBody({ form: { x: 'REJECT' } });
    const wrongKey = caseBody();
    const r = await call(sim.si.url, 'POST', '/v1/cases/batch', {
      gzip: true,
      body: { items: [item(a1), item(a2), item(bad), item(wrongKey, 'nope')] },
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { idempotencyKey: string; status: number }) => [x.idempotencyKey, x.status])).toEqual([
      [keyOf(a1), 201],
      [keyOf(a2), 200],
      [keyOf(bad), 422],
      ['nope', 400],
    ]);
    expect(sim.control.getCase(a1.caseId)?.revisions).toEqual([1, 2]);

    // resend: stored responses come back, nothing applied twice; an item already sent by PUT is replayed too
    const single = caseBody();
    await putCase(sim.si.url, single);
    const again = await call(sim.si.url, 'POST', '/v1/cases/batch', { body: { items: [item(a1), item(a2), item(single)] } });
    expect(again.body.results.map((x: { status: number }) => x.status)).toEqual([201, 200, 201]);
    expect(again.body.results[0].body).toEqual(r.body.results[0].body);
    for (const b of [a1, a2, single]) expect(sim.control.receivedCount(keyOf(b))).toBe(1);
    expect(sim.control.requestCount(keyOf(a1))).toBe(2);
  });

  it('refuses more than 200 items as malformed', async () => {
    const items = Array.from({ length: 201 }, () => item(caseBody()));
    const r = await call(sim.si.url, 'POST', '/v1/cases/batch', { body: { items } });
    expect(r.status).toBe(400);
    expect(sim.control.cases()).toHaveLength(0);
  });
});

describe('GET /v1/changes', () => {
  it('pages back-office moves of this branch with an opaque cursor', async () => {
    const mine = caseBody({ kind: 'commitment' });
    const other = caseBody({ kind: 'commitment', branchCode: '3303-LW-0099' });
    await putCase(sim.si.url, mine);
    await putCase(sim.si.url, other);
    const empty = await call(sim.si.url, 'GET', '/v1/changes?since=');
    expect(empty.body.changes).toEqual([]);

    sim.control.advance(mine.caseId, 'in_review');
    sim.control.advance(other.caseId, 'in_review');
    sim.control.advance(mine.caseId, 'needs_materials', { note: '请补交户口簿' });
    sim.control.advance(mine.caseId, 'completed', { result: { certificateNo: 'ZM-1' } });

    const page1 = await call(sim.si.url, 'GET', `/v1/changes?since=${empty.body.next}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.changes.map((c: { status: string }) => c.status)).toEqual(['in_review', 'needs_materials']);
    expect(page1.body.changes[1]).toMatchObject({ caseId: mine.caseId, note: '请补交户口簿' });
    expect(page1.body.changes[0].at).toMatch(/\+08:00$/);
    const page2 = await call(sim.si.url, 'GET', `/v1/changes?since=${encodeURIComponent(page1.body.next)}`);
    expect(page2.body.changes).toEqual([expect.objectContaining({ status: 'completed', result: { certificateNo: 'ZM-1' } })]);
    const page3 = await call(sim.si.url, 'GET', `/v1/changes?since=${encodeURIComponent(page2.body.next)}`);
    expect(page3.body).toEqual({ changes: [], next: page2.body.next });
    // the other branch sees only its own case; the tax feed is separate
    const theirs = await call(sim.si.url, 'GET', '/v1/changes', { headers: { 'X-Branch-Code': '3303-LW-0099' } });
    expect(theirs.body.changes.map((c: { caseId: string }) => c.caseId)).toEqual([other.caseId]);
    expect((await call(sim.tax.url, 'GET', '/v1/changes')).body.changes).toEqual([]);
    expect(sim.control.getCase(mine.caseId)).toMatchObject({ status: 'completed', result: { certificateNo: 'ZM-1' } });
  });

  it('refuses a cursor it did not make', async () => {
    const r = await call(sim.si.url, 'GET', '/v1/changes?since=garbage');
    expect(r.status).toBe(400);
    expect(r.body.reasons[0].field).toBe('since');
  });
});

describe('POST /v1/errand-batches', () => {
  it('refuses unsubmitted cases with their ids, accepts a complete batch and confirms receipt via changes', async () => {
    const a = caseBody({ kind: 'commitment' });
    const b = caseBody({ kind: 'commitment' });
    await putCase(sim.si.url, a);
    const batch = (caseIds: string[]) => ({ batchId: randomUUID(), branchCode: '3303-LW-0012', date: '2026-11-27', caseIds, handedBy: 'T0042', courier: '王师傅' });

    const early = batch([a.caseId, b.caseId]);
    const refused = await call(sim.si.url, 'POST', '/v1/errand-batches', { body: early, headers: { 'Idempotency-Key': early.batchId } });
    expect(refused.status).toBe(422);
    expect(refused.body.reasons).toEqual([{ field: 'caseIds.1', message: expect.stringContaining(b.caseId) }]);

    await putCase(sim.si.url, b);
    const good = batch([a.caseId, b.caseId]);
    const accepted = await call(sim.si.url, 'POST', '/v1/errand-batches', { body: good, headers: { 'Idempotency-Key': good.batchId } });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual({ batchNo: expect.stringMatching(/^PJ\d{12}$/), receivedCount: 2 });
    const replay = await call(sim.si.url, 'POST', '/v1/errand-batches', { body: good, headers: { 'Idempotency-Key': good.batchId } });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(sim.control.errandBatches()).toEqual([{ batchId: good.batchId, batchNo: accepted.body.batchNo, caseIds: [a.caseId, b.caseId], endpoint: 'si', confirmed: false }]);

    const wrongKey = await call(sim.si.url, 'POST', '/v1/errand-batches', { body: batch([a.caseId]), headers: { 'Idempotency-Key': randomUUID() } });
    expect(wrongKey.status).toBe(400);

    await expect.poll(async () => (await call(sim.si.url, 'GET', '/v1/changes')).body.changes.length, { timeout: 2000 }).toBe(2);
    const changes = (await call(sim.si.url, 'GET', '/v1/changes')).body.changes;
    expect(changes.map((c: { caseId: string; status: string }) => [c.caseId, c.status])).toEqual([
      [a.caseId, 'received'],
      [b.caseId, 'received'],
    ]);
    expect(changes[0].note).toContain(accepted.body.batchNo);
    expect(sim.control.errandBatches()[0]?.confirmed).toBe(true);
  });
});

describe('health and catalog', () => {
  it('reports time with +08:00, version and catalog version', async () => {
    const r = await call(sim.tax.url, 'GET', '/v1/health');
    expect(r.status).toBe(200);
    expect(r.body.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(Math.abs(Date.parse(r.body.time) - Date.now())).toBeLessThan(60_000);
    expect(r.body.catalogVersion).toBe(3);
    expect(typeof r.body.version).toBe('string');
  });

  it('sends items changed since a version, none when up to date', async () => {
    expect((await call(sim.si.url, 'GET', '/v1/catalog?since=')).body.items).toHaveLength(2);
    expect((await call(sim.si.url, 'GET', '/v1/catalog?since=2')).body).toEqual({ version: 3, items: [{ code: 'SI-01-02', version: 3 }] });
    expect((await call(sim.si.url, 'GET', '/v1/catalog?since=3')).body).toEqual({ version: 3, items: [] });
    catalogVersion = 4;
    expect((await call(sim.si.url, 'GET', '/v1/health')).body.catalogVersion).toBe(4);
    expect((await call(sim.si.url, 'GET', '/v1/catalog?since=x')).status).toBe(400);
  });
});
