/**
 * The simulator checks every body field exactly as contracts/private-line-v1.md states it: one wrong value per field,
 * each its own case, must be `400 malformed` with a reason naming that field's path (and the untouched body passes).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { call, caseBody, keyOf, putCase, type CaseBodyT, type Reply } from './helpers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 1, errandReceiptDelayMs: null });
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

type Json = Record<string, unknown>;
/** Sets (or with `undefined`, deletes) the value at a dotted path of a deep copy. */
function withValue<T>(body: T, path: string, value: unknown): T {
  const copy = structuredClone(body) as Json;
  const keys = path.split('.');
  let at: Json = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  const last = keys.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy as T;
}

const fields = (r: Reply) => ((r.body?.reasons ?? []) as { field: string }[]).map((x) => x.field);
const MISSING = undefined;

const contribution = (): CaseBodyT =>
  caseBody({ itemCode: 'TAX-31-01', form: { insurance: 'pension', period: '2026-11', amountFen: 125_000, cardToken: 'tok_123' } });

/** [field path, wrong value, what is wrong]; MISSING removes the field. */
const CASE_FIELDS: [string, unknown, string][] = [
  ['caseId', 'not-a-uuid', 'not a UUID'],
  ['rev', 0, 'below 1'],
  ['rev', 1.5, 'not an integer'],
  ['rev', '1', 'a string'],
  ['action', 'approve', 'not an action'],
  ['action', MISSING, 'missing'],
  ['itemCode', '', 'empty'],
  ['itemCode', 42, 'a number'],
  ['kind', 'urgent', 'neither immediate nor commitment'],
  ['kind', 'Immediate', 'wrong case'],
  ['kind', MISSING, 'missing'],
  ['acceptedAt', '2026-11-27 09:15:02+08:00', 'no T'],
  ['acceptedAt', '2026-11-27T09:15:02', 'no offset'],
  ['acceptedAt', '2026-11-27', 'a date'],
  ['branchCode', 3303, 'a number'],
  ['branchCode', MISSING, 'missing'],
  ['windowNo', '3', 'a string'],
  ['windowNo', 2.5, 'not an integer'],
  ['tellerId', MISSING, 'missing'],
  ['applicant', MISSING, 'missing on a submit'],
  ['applicant.idType', '', 'empty'],
  ['applicant.idNumber', 330302198609111230, 'a number'],
  ['applicant.name', MISSING, 'missing'],
  ['applicant.gender', 1, 'a number'],
  ['applicant.ethnicity', 1, 'a number'],
  ['applicant.birthDate', '1986/09/11', 'not YYYY-MM-DD'],
  ['applicant.birthDate', '1986-02-30', 'no such day'],
  ['applicant.address', { street: 'x' }, 'an object'],
  ['applicant.phone', 18000001999, 'a number'],
  ['applicant.idValidTo', '20360501', 'not YYYY-MM-DD'],
  ['form', 'phone=1', 'a string'],
  ['form', ['x'], 'an array'],
  ['form.feeFen', 12.5, 'an amount with a fraction'],
  ['form.feeFen', '1250', 'an amount as a string'],
  ['materials', { code: 'M01' }, 'not a list'],
  ['materials.0.code', '', 'empty'],
  ['materials.0.name', 5, 'a number'],
  ['materials.0.original', -1, 'negative'],
  ['materials.0.original', 1.5, 'not an integer'],
  ['materials.0.copies', '0', 'a string'],
  ['materials.0.received', 'yes', 'not a boolean'],
  ['materials.0.deferred', 1, 'not a boolean'],
  ['signature.sha256', 'xyz', 'not 64 hex digits'],
  ['signature.png', 'not base64!', 'not base64'],
  ['feedback.channel', 'email', 'not a channel'],
  ['feedback.phone', 1, 'a number'],
  ['feedback.address', 2, 'a number'],
  ['training', 'false', 'a string'],
];

const CONTRIBUTION_FIELDS: [string, unknown, string][] = [
  ['form.amountFen', 1250.5, 'a float'],
  ['form.amountFen', '125000', 'a string'],
  ['form.amountFen', 0, 'not positive'],
  ['form.period', '2026-13', 'no such month'],
  ['form.period', '2026-11-01', 'a date'],
  ['form.insurance', '', 'empty'],
  ['form.cardToken', MISSING, 'missing'],
];

describe('PUT /v1/cases/{caseId}: one wrong value per field', () => {
  it('accepts the untouched bodies', async () => {
    expect((await putCase(sim.si.url, caseBody({ form: { phone: '1', feeFen: 1250 } }))).status).toBe(201);
    expect((await putCase(sim.tax.url, contribution())).status).toBe(201);
    const first = caseBody({ kind: 'commitment', itemCode: 'SI-06-01', form: { feeFen: null } });
    expect((await putCase(sim.si.url, first)).status).toBe(201);
    const withdraw = withValue(caseBody({ caseId: first.caseId, rev: 2, action: 'withdraw', kind: 'commitment' }), 'applicant', MISSING);
    expect((await putCase(sim.si.url, withdraw)).status).toBe(200); // the contract does not ask for the applicant on a withdrawal
  });

  it.each(CASE_FIELDS)('%s = %j (%s) is 400 malformed naming it', async (field, value) => {
    const good = caseBody({ form: { phone: '1', feeFen: 1250 } });
    const bad = withValue(good, field, value);
    const r = await call(sim.si.url, 'PUT', `/v1/cases/${encodeURIComponent(String(bad.caseId ?? good.caseId))}`, {
      body: bad,
      headers: { 'Idempotency-Key': keyOf(good) },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('malformed');
    expect(fields(r)).toContain(field);
    expect(sim.control.getCase(good.caseId)).toBeUndefined();
  });

  it.each(CONTRIBUTION_FIELDS)('contribution %s = %j (%s) is 400 malformed naming it', async (field, value) => {
    const good = contribution();
    const r = await putCase(sim.tax.url, withValue(good, field, value));
    expect(r.status).toBe(400);
    expect(fields(r)).toContain(field);
    expect(sim.control.getCase(good.caseId, 'tax')).toBeUndefined();
  });
});

describe('POST /v1/cases/batch', () => {
  const post = (body: unknown) => call(sim.si.url, 'POST', '/v1/cases/batch', { body, headers: { 'Idempotency-Key': `batch:${randomUUID()}` } });
  const item = (b: CaseBodyT = caseBody()) => ({ idempotencyKey: keyOf(b), case: b });

  it.each([
    ['items', MISSING, 'missing'],
    ['items', [], 'empty'],
    ['items', { a: 1 }, 'not a list'],
    ['items', 'many', 'a string'],
  ] as [string, unknown, string][])('%s = %j (%s) is 400 malformed naming it', async (field, value) => {
    const r = await post(withValue({ items: [item()] }, field, value));
    expect(r.status).toBe(400);
    expect(fields(r)).toContain(field);
  });

  it('refuses 201 items naming items, and takes 200', async () => {
    const many = Array.from({ length: 201 }, () => item());
    const over = await post({ items: many });
    expect(over.status).toBe(400);
    expect(fields(over)).toContain('items');
    expect(sim.control.cases()).toHaveLength(0);
    const ok = await post({ items: many.slice(0, 200) });
    expect(ok.status).toBe(200);
    expect(ok.body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
  });

  it.each([
    ['items.0.idempotencyKey', MISSING],
    ['items.0.idempotencyKey', 7],
  ] as [string, unknown][])('%s = %j is 400 malformed naming it', async (field, value) => {
    const r = await post(withValue({ items: [item()] }, field, value));
    expect(r.status).toBe(400);
    expect(fields(r)).toContain(field);
  });

  it.each(CASE_FIELDS.filter(([f]) => f !== 'caseId' && f !== 'rev'))('an item whose case.%s = %j (%s) gets its own 400 naming the field; the other item is applied', async (field, value) => {
    const good = caseBody();
    const other = caseBody();
    const r = await post({ items: [{ idempotencyKey: keyOf(good), case: withValue(good, field, value) }, item(other)] });
    expect(r.status).toBe(200);
    expect(r.body.results[0].status).toBe(400);
    expect(r.body.results[0].body.error).toBe('malformed');
    expect(r.body.results[0].body.reasons.map((x: { field: string }) => x.field)).toContain(field);
    expect(r.body.results[1].status).toBe(201);
  });
});

describe('POST /v1/errand-batches', () => {
  const good = () => ({ batchId: randomUUID(), branchCode: '3303-LW-0012', date: '2026-11-27', caseIds: [randomUUID()], handedBy: 'T0042', courier: '王师傅' });

  it.each([
    ['batchId', 'batch-1', 'not a UUID'],
    ['batchId', MISSING, 'missing'],
    ['branchCode', '', 'empty'],
    ['date', '2026-11-32', 'no such day'],
    ['date', '2026-11-27T09:00:00+08:00', 'a time'],
    ['caseIds', 'x', 'not a list'],
    ['caseIds.0', 'case-1', 'not a UUID'],
    ['handedBy', MISSING, 'missing'],
    ['handedBy', 42, 'a number'],
    ['courier', 3, 'a number'],
  ] as [string, unknown, string][])('%s = %j (%s) is 400 malformed naming it', async (field, value) => {
    const body = withValue(good(), field, value);
    const r = await call(sim.si.url, 'POST', '/v1/errand-batches', { body, headers: { 'Idempotency-Key': String(body.batchId ?? randomUUID()) } });
    expect(r.status).toBe(400);
    expect(fields(r)).toContain(field);
    expect(sim.control.errandBatches()).toHaveLength(0);
  });
});

describe('GET /v1/changes', () => {
  it.each(['0', '501', '2.5', 'ten'])('limit=%s is 400 malformed naming limit', async (limit) => {
    const r = await call(sim.si.url, 'GET', `/v1/changes?since=&limit=${limit}`);
    expect(r.status).toBe(400);
    expect(fields(r)).toContain('limit');
  });

  it('takes limit=500', async () => {
    expect((await call(sim.si.url, 'GET', '/v1/changes?since=&limit=500')).status).toBe(200);
  });
});
