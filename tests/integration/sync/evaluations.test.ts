/**
 * Citizen ratings through the case outbox (PUT /v1/evaluations/{evaluationId}, contract v1.1): a real terminal core
 * on a real SQLite file against the simulator on loopback. A rating is sent exactly once, to the rated case's
 * endpoint, only after that case exists there; a bad rating's follow-up becomes a to-do.
 */
import { signInAs, testUsers } from '../../support/people';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CallResult, CaseRating, CaseView, CitizenCase, RatingTodo } from '../../../src-main/contract';
import { configSchema } from '../../../src-main/core/config/schema';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { acceptContactChange, call, FAST_SYNC, terminalFixture, until } from '../core/support';

const fx = terminalFixture('onewindow-rating-', () => ({ evaluationFollowUpDelayMs: null }));
const { start } = fx;

async function citizen<T>(t: Terminal, name: string, input: unknown): Promise<T> {
  const r = (await t.core.citizenDispatch(name, input)) as CallResult<T>;
  if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value;
}

const acceptCase = acceptContactChange;

describe('ratings through the outbox', () => {
  it('rates the case shown after intake; the rating reaches the case endpoint exactly once; the teller sees it', async () => {
    const t = await start();
    const caseId = await acceptCase(t);
    const shown = await citizen<CitizenCase>(t, 'currentCase', {});
    expect(shown).toMatchObject({ caseId, rev: 1, itemName: '联系方式及地址变更', rated: false });
    expect(shown.reasons.map((r) => r.code)).toContain('E01');

    const rated = await citizen<{ evaluationId: string }>(t, 'rateCase', { caseId, rev: 1, level: 5, reasons: [], comment: '很快' });
    const rating = await until(() => call<CaseRating>(t, 'caseRating', { caseId }), (r) => r.rating?.syncState === 'synced');
    expect(rating.rating).toMatchObject({ evaluationId: rated.evaluationId, level: 5, rev: 1 });
    expect(rating.rating!.evaluationNo).toMatch(/^HCP\d{8}\d{6}$/);

    expect(fx.sim.control.receivedCount(rated.evaluationId)).toBe(1);
    expect(fx.sim.control.receivedCount(rated.evaluationId, 'tax')).toBe(0);
    const [held] = fx.sim.control.evaluations('si');
    expect(held).toMatchObject({ evaluationId: rated.evaluationId, caseId, level: 5, reasons: [], comment: '很快', itemCode: 'SI-04-01' });
    expect((await citizen<CitizenCase>(t, 'currentCase', {})).rated).toBe(true);
    // One rating per revision: a second one is refused and changes nothing.
    await expect(citizen(t, 'rateCase', { caseId, rev: 1, level: 1, reasons: ['E01'] })).rejects.toMatchObject({ code: 'conflict' });
    expect(fx.sim.control.evaluations()).toHaveLength(1);
  });

  it('with the line down, the case goes first and the rating after it, each exactly once, also across a restart', async () => {
    await fx.sim.control.setDown('si', true);
    const first = await start();
    const caseId = await acceptCase(first);
    const { evaluationId } = await citizen<{ evaluationId: string }>(first, 'rateCase', { caseId, rev: 1, level: 2, reasons: ['E02'] });
    expect((await call<CaseRating>(first, 'caseRating', { caseId })).rating?.syncState).toBe('queued');
    await fx.close(first);

    await fx.sim.control.setDown('si', false);
    const second = await start();
    await until(() => call<CaseRating>(second, 'caseRating', { caseId }), (r) => r.rating?.syncState === 'synced');
    expect(fx.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
    expect(fx.sim.control.receivedCount(evaluationId)).toBe(1);
    // The server never answered case_unknown: the rating waited for the case's acknowledgement.
    expect(fx.sim.control.requestCount(evaluationId)).toBe(1);
  });

  it('a rating waits while its case is held back as a defect, and never goes before the case exists', async () => {
    const t = await start();
    await fx.sim.control.setDown('si', true);
    const caseId = await acceptCase(t);
    const { evaluationId } = await citizen<{ evaluationId: string }>(t, 'rateCase', { caseId, rev: 1, level: 4, reasons: [] });
    // The case's revision is made a defect before the line comes back (as a 400 would): the rating must not go.
    const db = new Database(path.join(fx.dir, 'onewindow.db'));
    db.prepare(`UPDATE outbox SET state = 'defect' WHERE case_id = ? AND rev = 1`).run(caseId);
    db.close();
    await fx.sim.control.setDown('si', false);
    await until(() => call<{ lines: { si: { line: string } } }>(t, 'getStatus', {}), (s) => s.lines.si.line === 'up');
    await new Promise((r) => setTimeout(r, 600));
    expect(fx.sim.control.requestCount(evaluationId)).toBe(0);
    await call(t, 'retrySync', { caseId });
    await until(() => call<CaseRating>(t, 'caseRating', { caseId }), (r) => r.rating?.syncState === 'synced');
    expect(fx.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
    expect(fx.sim.control.receivedCount(evaluationId)).toBe(1);
  });

  it("a bad rating's follow-up becomes a to-do; the teller records the call back and the rectification", async () => {
    const t = await start();
    const caseId = await acceptCase(t);
    const { evaluationId } = await citizen<{ evaluationId: string }>(t, 'rateCase', { caseId, rev: 1, level: 1, reasons: ['E01', 'E05'] });
    await until(() => call<CaseRating>(t, 'caseRating', { caseId }), (r) => r.rating?.syncState === 'synced');
    expect(await call<RatingTodo[]>(t, 'ratingTodos', {})).toEqual([]);

    fx.sim.control.followUpEvaluation(evaluationId, 'follow_up', '请回访核实');
    const [todo] = await until(() => call<RatingTodo[]>(t, 'ratingTodos', {}), (l) => l.length === 1);
    expect(todo).toMatchObject({ evaluationId, caseId, kind: 'call_back', level: 1, reasons: ['工作人员服务态度不好', '多次跑动仍未办成'], note: '请回访核实', itemName: '联系方式及地址变更' });
    expect((await call<CaseRating>(t, 'caseRating', { caseId })).rating?.followUp).toBe('follow_up');

    await call(t, 'completeRatingTodo', { todoId: todo!.todoId, note: '已电话回访，群众表示理解' });
    expect(await call<RatingTodo[]>(t, 'ratingTodos', {})).toEqual([]);
    await expect(call(t, 'completeRatingTodo', { todoId: todo!.todoId, note: '再次' })).rejects.toMatchObject({ code: 'conflict' });

    fx.sim.control.followUpEvaluation(evaluationId, 'rectified');
    const [second] = await until(() => call<RatingTodo[]>(t, 'ratingTodos', {}), (l) => l.length === 1);
    expect(second).toMatchObject({ kind: 'record_rectification', evaluationId });
    expect((await call<CaseRating>(t, 'caseRating', { caseId })).rating?.followUp).toBe('rectified');
  });

  it('a new revision of the case may be rated again; both ratings are sent once each', async () => {
    await fx.sim.control.setDown('si', true);
    const t = await start();
    const caseId = await acceptCase(t);
    const first = await citizen<{ evaluationId: string }>(t, 'rateCase', { caseId, rev: 1, level: 5, reasons: [] });
    await expect(citizen(t, 'rateCase', { caseId, rev: 1, level: 4, reasons: [] })).rejects.toMatchObject({ code: 'conflict' });
    await call(t, 'withdrawCase', { caseId, reason: '申请人申请撤回' });
    // The case on the view now is revision 2, not rated yet; the teller sees no rating for it.
    expect(await citizen<CitizenCase>(t, 'currentCase', {})).toMatchObject({ caseId, rev: 2, rated: false });
    expect((await call<CaseRating>(t, 'caseRating', { caseId })).rating).toBeNull();
    const second = await citizen<{ evaluationId: string }>(t, 'rateCase', { caseId, rev: 2, level: 3, reasons: [] });
    await fx.sim.control.setDown('si', false);
    await until(() => call<CaseRating>(t, 'caseRating', { caseId }), (r) => r.rating?.syncState === 'synced');
    await until(async () => fx.sim.control.evaluations().length, (n) => n === 2);
    expect(fx.sim.control.receivedCount(first.evaluationId)).toBe(1);
    expect(fx.sim.control.receivedCount(second.evaluationId)).toBe(1);
    expect(fx.sim.control.getCase(caseId)!.revisions).toEqual([1, 2]);
  });

  it('refuses what the citizen view may not do, and changes nothing', async () => {
    const t = await start();
    const caseId = await acceptCase(t);
    const other = await acceptCase(t); // now shown instead of the first
    await expect(citizen(t, 'rateCase', { caseId, rev: 1, level: 5, reasons: [] })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(citizen(t, 'rateCase', { caseId: other, rev: 1, level: 2, reasons: [] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(citizen(t, 'rateCase', { caseId: other, rev: 1, level: 2, reasons: ['E99'] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(citizen(t, 'rateCase', { caseId: other, rev: 1, level: 5, reasons: [], comment: '长'.repeat(201) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(citizen(t, 'rateCase', { caseId: other, rev: 2, level: 5, reasons: [] })).rejects.toMatchObject({ code: 'conflict' });
    expect(await t.core.citizenDispatch('getCase', { caseId })).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await t.core.citizenDispatch('presentForRating', { caseId })).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    const db = new Database(path.join(fx.dir, 'onewindow.db'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM evaluations').get()).toEqual({ n: 0 });
    db.close();
    // On request the teller shows the first case again; now it can be rated.
    expect((await call<CaseRating>(t, 'presentForRating', { caseId })).presented).toBe(true);
    await citizen(t, 'rateCase', { caseId, rev: 1, level: 3, reasons: [] });
  });
});

describe('ratings against a server that does not know the case yet', () => {
  it('422 rejected case_unknown is tried again, not dropped, and the rating is sent once it is accepted', async () => {
    // A server in front of the simulator that answers the first rating PUT with case_unknown (a lagging replica).
    let refused = 0;
    const proxy = http.createServer((req, res) => {
      if (req.method === 'PUT' && req.url?.startsWith('/v1/evaluations/') && refused === 0) {
        refused++;
        req.resume();
        res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'rejected', message: 'unknown', reasons: [{ field: 'caseId', message: 'case_unknown' }] }));
        return;
      }
      const up = http.request(`${fx.sim.si.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const config = configSchema.parse({
        mode: 'training',
        users: await testUsers(),
        endpoints: { si: { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` }, tax: { url: fx.sim.tax.url } },
        devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial' } },
      });
      const t = await startTerminal({ config, dataDir: fx.dir, host: 'web', syncTuning: FAST_SYNC });
      fx.adopt(t);
      await signInAs(t.core.dispatch);
      const caseId = await acceptCase(t);
      await until(() => call<CaseView>(t, 'getCase', { caseId }), (c) => c.syncState === 'synced');
      const { evaluationId } = await citizen<{ evaluationId: string }>(t, 'rateCase', { caseId, rev: 1, level: 5, reasons: [] });
      await until(() => call<CaseRating>(t, 'caseRating', { caseId }), (r) => r.rating?.syncState === 'synced');
      expect(refused).toBe(1);
      expect(fx.sim.control.receivedCount(evaluationId)).toBe(1);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
