/** Case writes against the simulator over real HTTP: create, replay, key reuse, in progress, validation, rejection, contributions. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { call, caseBody, idNumber, keyOf, putCase } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 1 });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

describe('PUT /v1/cases/{caseId}', () => {
  it('creates an immediate case as completed with a result and echoes X-Request-Id', async () => {
    const body = caseBody();
    const requestId = '0192f1c4-0000-7000-8000-000000000001';
    const r = await putCase(sim.si.url, body, { headers: { 'X-Request-Id': requestId } });
    expect(r.status).toBe(201);
    expect(r.headers['x-request-id']).toBe(requestId);
    expect(r.body.status).toBe('completed');
    expect(r.body.caseNo).toMatch(/^SB\d{14}$/);
    expect(r.body.result.registrationNo).toMatch(/^SBDJ\d{14}$/);
    expect(r.body.result.certificateNo).toMatch(/^SBZM\d{14}$/);
    expect(r.body.result.completedAt).toMatch(/\+08:00$/);
    expect(sim.control.receivedCount(keyOf(body))).toBe(1);
    const stored = sim.control.getCase(body.caseId);
    expect(stored).toMatchObject({ caseNo: r.body.caseNo, rev: 1, status: 'completed', endpoint: 'si', revisions: [1] });
  });

  it("gives a commitment item status received and a promised date by the item's 承诺时限", async () => {
    const body = caseBody({ kind: 'commitment', itemCode: 'SI-06-01' });
    const r = await putCase(sim.si.url, body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'received', promisedDate: '2026-12-18' }); // Fri 27 Nov + SI-06-01's 15 working days
    expect(r.body.result).toBeUndefined();
  });

  it('replays the stored first response for the same key and body, gzip or not', async () => {
    const body = caseBody();
    const first = await putCase(sim.si.url, body);
    const second = await putCase(sim.si.url, body, { gzip: true });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(sim.control.receivedCount(keyOf(body))).toBe(1);
    expect(sim.control.requestCount(keyOf(body))).toBe(2);
    expect(sim.control.getCase(body.caseId)?.revisions).toEqual([1]);
  });

  it('refuses the same key with a different body as key_reused', async () => {
    const body = caseBody();
    await putCase(sim.si.url, body);
    const r = await putCase(sim.si.url, { ...body, windowNo: 4 });
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('key_reused');
    expect(sim.control.receivedCount(keyOf(body))).toBe(1);
  });

  it('answers 409 in_progress while the same key is being processed, then replays', async () => {
    sim.control.setFaults('si', { latencyMs: 400 });
    const body = caseBody();
    const first = putCase(sim.si.url, body);
    await new Promise((r) => setTimeout(r, 100));
    const second = await putCase(sim.si.url, body);
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('in_progress');
    expect((await first).status).toBe(201);
    sim.control.setFaults('si', {});
    const third = await putCase(sim.si.url, body);
    expect(third.status).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(sim.control.receivedCount(keyOf(body))).toBe(1);
    expect(sim.control.requestCount(keyOf(body))).toBe(3);
  });

  it('answers 400 malformed for missing headers, bad bodies and a wrong key, and applies nothing', async () => {
    const body = caseBody();
    const noHeaders = await putCase(sim.si.url, body, { headers: { 'X-Terminal-Id': undefined, 'X-Branch-Code': undefined } });
    expect(noHeaders.status).toBe(400);
    expect(noHeaders.body.reasons.map((r: { field: string }) => r.field)).toEqual(['x-terminal-id', 'x-branch-code']);

    const bad = { ...body, rev: 0, kind: 'someday', applicant: { ...body.applicant, idNumber: undefined } };
    const r = await call(sim.si.url, 'PUT', `/v1/cases/${body.caseId}`, { body: bad, headers: { 'Idempotency-Key': `${body.caseId}:0` } });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('malformed');
    expect(r.body.reasons.map((x: { field: string }) => x.field).sort()).toEqual(['applicant.idNumber', 'kind', 'rev']);

    const wrongKey = await putCase(sim.si.url, body, { headers: { 'Idempotency-Key': `${body.caseId}:2` } });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.reasons).toEqual([{ field: 'Idempotency-Key', message: 'must be <caseId>:<rev>' }]);

    const notJson = await call(sim.si.url, 'PUT', `/v1/cases/${body.caseId}`, { body: 'x', gzip: false, headers: { 'Content-Encoding': 'gzip', 'Idempotency-Key': keyOf(body) } });
    expect(notJson.status).toBe(400);
    expect(sim.control.cases()).toEqual([]);
  });

  it('applies later revisions in order, refuses a gap as malformed, and withdraws', async () => {
    const rev1 = caseBody({ kind: 'commitment' });
    expect((await putCase(sim.si.url, rev1)).status).toBe(201);
    const gap = await putCase(sim.si.url, { ...rev1, rev: 3 });
    expect(gap.status).toBe(400);
    expect(gap.body.reasons[0]).toEqual({ field: 'rev', message: 'expected revision 2' });
    const rev2 = await putCase(sim.si.url, { ...rev1, rev: 2, action: 'supplement' });
    expect(rev2.status).toBe(200);
    expect(rev2.body.status).toBe('received');
    const rev3 = await putCase(sim.si.url, { ...rev1, rev: 3, action: 'withdraw' });
    expect(rev3.status).toBe(200);
    expect(rev3.body.status).toBe('withdrawn');
    expect(sim.control.getCase(rev1.caseId)).toMatchObject({ rev: 3, status: 'withdrawn', revisions: [1, 2, 3] });
    const get = await call(sim.si.url, 'GET', `/v1/cases/${rev1.caseId}`);
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ caseId: rev1.caseId, rev: 3, status: 'withdrawn', caseNo: rev2.body.caseNo });
    expect(get.body.updatedAt).toMatch(/\+08:00$/);
    expect((await call(sim.si.url, 'GET', `/v1/cases/${caseBody().caseId}`)).status).toBe(404);
  });

  it('rejects deterministically: ID sequence code 999, a REJECT form value, withdrawing a completed case', async () => {
    const byId = await putCase(sim.si.url, caseBody({ idNumber: idNumber('999') }));
    expect(byId.status).toBe(422);
    expect(byId.body).toMatchObject({ error: 'rejected', reasons: [{ field: 'applicant.idNumber' }] });
    expect(JSON.stringify(byId.body)).not.toContain(idNumber('999'));

    const byForm = caseBody({ form: { address: 'REJECT:缺少户口簿首页' } });
    const r = await putCase(sim.si.url, byForm);
    expect(r.status).toBe(422);
    expect(r.body.reasons).toEqual([{ field: 'form.address', message: '缺少户口簿首页' }]);
    expect(sim.control.getCase(byForm.caseId)).toMatchObject({ status: 'rejected', rev: 1 });
    expect(sim.control.receivedCount(keyOf(byForm))).toBe(1);
    // the rejection is the stored first response and is replayed
    const replay = await putCase(sim.si.url, byForm);
    expect(replay.status).toBe(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    // a corrected revision 2 goes through
    const fixed = await putCase(sim.si.url, { ...byForm, rev: 2, action: 'correct', form: { address: '龙湾区' } });
    expect(fixed.status).toBe(200);
    expect(fixed.body.status).toBe('completed');

    const done = caseBody();
    await putCase(sim.si.url, done);
    const withdraw = await putCase(sim.si.url, { ...done, rev: 2, action: 'withdraw' });
    expect(withdraw.status).toBe(422);
    expect(sim.control.getCase(done.caseId)?.status).toBe('completed');
  });
});

describe('contributions on tax', () => {
  const contribution = (cardToken: string, amountFen: number = 45_600) =>
    caseBody({ itemCode: 'TAX-01-01', form: { insurance: 'pension', period: '2026-11', amountFen, cardToken } });

  it('completes with a receipt', async () => {
    const body = contribution('tok_6222');
    const r = await putCase(sim.tax.url, body);
    expect(r.status).toBe(201);
    expect(r.body.caseNo).toMatch(/^SW/);
    expect(r.body).toMatchObject({ status: 'completed', result: { amountFen: 45_600 } });
    expect(r.body.result.receiptNo).toMatch(/^SWJK\d{16}$/);
    expect(r.body.result.paidAt).toMatch(/\+08:00$/);
    expect(sim.control.cases('tax')).toHaveLength(1);
    expect(sim.control.cases('si')).toHaveLength(0);
  });

  it('refuses a declined card as rejected and a float amount as malformed', async () => {
    const declined = await putCase(sim.tax.url, contribution('DECLINE-insufficient'));
    expect(declined.status).toBe(422);
    expect(declined.body.reasons[0].field).toBe('form.cardToken');
    const float = await putCase(sim.tax.url, contribution('tok', 10.5));
    expect(float.status).toBe(400);
    expect(float.body.reasons[0].field).toBe('form.amountFen');
  });
});
