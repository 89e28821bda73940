/** PUT /v1/evaluations/{evaluationId} (contract v1.1) against the simulator over real HTTP: strict as the contract states. */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { BRANCH, call, caseBody, putCase, type CallOptions } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 1, evaluationFollowUpDelayMs: 50 });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

function ratingBody(caseId: string, init: Record<string, unknown> = {}) {
  return {
    evaluationId: uuidv7(),
    caseId,
    itemCode: 'SI-04-01',
    branchCode: BRANCH,
    windowNo: 3,
    tellerId: 'T0042',
    ratedAt: '2026-11-27T09:20:00.000+08:00',
    level: 5,
    reasons: [] as string[],
    channel: 'counter',
    ...init,
  };
}

function putRating(body: Record<string, unknown>, opts: CallOptions & { key?: string | null; pathId?: string } = {}) {
  const key = opts.key === undefined ? String(body.evaluationId) : opts.key;
  return call(sim.si.url, 'PUT', `/v1/evaluations/${opts.pathId ?? String(body.evaluationId)}`, {
    ...opts,
    body,
    headers: { ...(key === null ? {} : { 'Idempotency-Key': key }), ...opts.headers },
  });
}

async function existingCase(): Promise<string> {
  const c = caseBody();
  expect((await putCase(sim.si.url, c)).status).toBe(201);
  return c.caseId;
}

/** The fields named by a 400 malformed answer. */
function fields(r: { status: number; body: { error: string; reasons: { field: string }[] } }): string[] {
  expect(r.status).toBe(400);
  expect(r.body.error).toBe('malformed');
  return r.body.reasons.map((x) => x.field);
}

describe('PUT /v1/evaluations/{evaluationId}', () => {
  it('stores a rating of an existing case: 201 with an evaluation number, then 200 replays with Idempotent-Replayed', async () => {
    const caseId = await existingCase();
    const body = ratingBody(caseId, { level: 4, comment: '态度很好', caseNo: 'SB20261127000001' });
    const first = await putRating(body);
    expect(first.status).toBe(201);
    expect(first.body.evaluationNo).toMatch(/^HCP\d{14}$/);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await putRating(body, { gzip: true });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(sim.control.receivedCount(body.evaluationId)).toBe(1);
    expect(sim.control.requestCount(body.evaluationId)).toBe(2);
    expect(sim.control.evaluations()).toMatchObject([{ evaluationId: body.evaluationId, caseId, level: 4, comment: '态度很好', endpoint: 'si' }]);
  });

  it('refuses the same key with another body as key_reused and stores nothing new', async () => {
    const caseId = await existingCase();
    const body = ratingBody(caseId);
    expect((await putRating(body)).status).toBe(201);
    const changed = await putRating({ ...body, level: 4 });
    expect(changed.status).toBe(422);
    expect(changed.body.error).toBe('key_reused');
    expect(sim.control.evaluations()).toHaveLength(1);
    expect(sim.control.evaluations()[0]!.level).toBe(5);
  });

  it('answers 422 rejected case_unknown for a case the endpoint does not hold, and accepts the same request once it does', async () => {
    const c = caseBody();
    const body = ratingBody(c.caseId);
    const early = await putRating(body);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ error: 'rejected', reasons: [{ field: 'caseId', message: 'case_unknown' }] });
    expect(sim.control.receivedCount(body.evaluationId)).toBe(0);
    // The case exists on si only: the tax endpoint does not know it either.
    expect((await putCase(sim.si.url, c)).status).toBe(201);
    const onTax = await call(sim.tax.url, 'PUT', `/v1/evaluations/${body.evaluationId}`, { body, headers: { 'Idempotency-Key': body.evaluationId } });
    expect(onTax.body.reasons).toEqual([{ field: 'caseId', message: 'case_unknown' }]);
    const later = await putRating(body);
    expect(later.status).toBe(201);
    expect(sim.control.receivedCount(body.evaluationId)).toBe(1);
  });

  it('requires reasons for levels 1–2, only catalog codes, no duplicates, a comment of at most 200 characters', async () => {
    const caseId = await existingCase();
    expect(fields(await putRating(ratingBody(caseId, { level: 2 })))).toEqual(['reasons']);
    expect(fields(await putRating(ratingBody(caseId, { level: 1, reasons: ['E01', 'X99'] })))).toEqual(['reasons.1']);
    expect(fields(await putRating(ratingBody(caseId, { level: 1, reasons: ['E01', 'E01'] })))).toEqual(['reasons']);
    expect(fields(await putRating(ratingBody(caseId, { comment: '字'.repeat(201) })))).toEqual(['comment']);
    expect((await putRating(ratingBody(caseId, { comment: '字'.repeat(200) }))).status).toBe(201);
    expect((await putRating(ratingBody(caseId, { level: 1, reasons: ['E01', 'E09'] }))).status).toBe(201);
  });

  it('refuses every field outside the contract, a wrong level, channel or time, and a key or path that is not the evaluationId', async () => {
    const caseId = await existingCase();
    expect(fields(await putRating(ratingBody(caseId, { level: 6 })))).toEqual(['level']);
    expect(fields(await putRating(ratingBody(caseId, { level: 4.5 })))).toEqual(['level']);
    expect(fields(await putRating(ratingBody(caseId, { channel: 'web' })))).toEqual(['channel']);
    expect(fields(await putRating(ratingBody(caseId, { ratedAt: '2026-11-27 09:20' })))).toEqual(['ratedAt']);
    expect(fields(await putRating(ratingBody(caseId, { ratedAt: '2026-11-27T09:20:00' })))).toEqual(['ratedAt']);
    expect(fields(await putRating(ratingBody(caseId, { caseId: 'not-a-uuid' })))).toEqual(['caseId']);
    expect(fields(await putRating(ratingBody(caseId, { itemCode: 'SI-4-1' })))).toEqual(['itemCode']);
    expect(fields(await putRating(ratingBody(caseId, { applicantName: '张三' })))).toEqual(['body']);
    const { tellerId: _t, ...noTeller } = ratingBody(caseId);
    expect(fields(await putRating(noTeller))).toEqual(['tellerId']);
    const body = ratingBody(caseId);
    expect(fields(await putRating(body, { key: null }))).toEqual(['Idempotency-Key']);
    expect(fields(await putRating(body, { key: `${body.evaluationId}:1` }))).toEqual(['Idempotency-Key']);
    expect(fields(await putRating(body, { pathId: uuidv7() }))).toEqual(['evaluationId']);
    // Nothing malformed is stored or counted: the correct request is still a first write.
    expect(sim.control.evaluations()).toEqual([]);
    expect((await putRating(body)).status).toBe(201);
  });

  it('follows up a bad rating in /v1/changes (follow_up by itself, rectified through the control API); a good one gets none', async () => {
    const caseId = await existingCase();
    const bad = ratingBody(caseId, { level: 1, reasons: ['E02'] });
    const good = ratingBody(caseId, { level: 3 });
    expect((await putRating(bad)).status).toBe(201);
    expect((await putRating(good)).status).toBe(201);
    await expect.poll(() => sim.control.evaluations().find((e) => e.evaluationId === bad.evaluationId)?.followUps).toEqual(['follow_up']);
    const rectified = await call(sim.si.url, 'POST', `/__sim/evaluations/${bad.evaluationId}/follow-up`, { body: { status: 'rectified', note: '已整改' } });
    expect(rectified.status).toBe(200);
    expect(rectified.body.followUps).toEqual(['follow_up', 'rectified']);
    expect((await call(sim.si.url, 'POST', `/__sim/evaluations/${uuidv7()}/follow-up`, { body: { status: 'rectified' } })).status).toBe(404);

    const feed = await call(sim.si.url, 'GET', '/v1/changes?since=');
    const ratingChanges = feed.body.changes.filter((c: { kind?: string }) => c.kind === 'evaluation');
    expect(ratingChanges).toEqual([
      { kind: 'evaluation', evaluationId: bad.evaluationId, status: 'follow_up', note: expect.any(String) },
      { kind: 'evaluation', evaluationId: bad.evaluationId, status: 'rectified', note: '已整改' },
    ]);
    expect(sim.control.evaluations().find((e) => e.evaluationId === good.evaluationId)?.followUps).toEqual([]);
    // Another branch's feed does not carry them.
    const other = await call(sim.si.url, 'GET', '/v1/changes?since=', { headers: { 'X-Branch-Code': '3303-LW-0099' } });
    expect(other.body.changes).toEqual([]);
  });
});
