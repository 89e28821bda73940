/**
 * The terminal's own request bodies pass the simulator's contract checks (body-fields.test.ts): the real core submits
 * a case of every catalog item, supplements and withdraws some, and hands over an errand batch; nothing may come back
 * as `400 malformed` (a defect), every revision reaches the simulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, CatalogItem, ErrandBatchView } from '../../../src-main/contract';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { Terminal } from '../../../src-main/terminal';
import { validForm } from '../../support/fill-form';
import { call, startTestTerminal, until } from '../core/support';

let dir: string;
let sim: Simulator;
let t: Terminal;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-bodies-'));
  sim = await startSimulator({ errandReceiptDelayMs: null });
  t = await startTestTerminal(dir, sim);
});
afterAll(async () => {
  await t.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the terminal's bodies against the simulator's contract checks", () => {
  it('every catalog item, a supplement, a withdrawal and an errand batch are accepted, none is malformed', { timeout: 60_000 }, async () => {
    const codes = loadCatalog().items.map((i) => i.code);
    expect(codes.length).toBeGreaterThan(100);
    const applicant = await call<{ applicantId: string }>(t, 'enterApplicant', { idNumber: '11010519491231002X', name: '王芳' });
    const views: { view: CaseView; item: CatalogItem }[] = [];
    for (const code of codes) {
      const item = await call<CatalogItem>(t, 'getItem', { code });
      const view = await call<CaseView>(t, 'submitCase', {
        caseId: uuidv7(),
        applicantId: applicant.applicantId,
        itemCode: code,
        form: validForm(item),
        // Deferrable materials left for later, so that commitment cases can be supplemented below.
        materials: item.materials.map((m) => ({ code: m.code, received: !m.deferrable, deferred: m.deferrable, original: m.deferrable ? 0 : m.originals, copies: m.deferrable ? 0 : m.copies })),
        feedback: { channel: 'sms', phone: '13905771234' },
      });
      views.push({ view, item });
    }
    const db = new Database(path.join(dir, 'onewindow.db'), { readonly: true });
    const states = () => db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
    const settled = () => until(async () => states(), (s) => s.every((r) => r.state !== 'pending'), 30_000);
    try {
      await settled();
      const open = views.filter(({ view }) => view.kind === 'commitment' && view.status !== 'completed');
      const deferred = open.find(({ item }) => item.materials.some((m) => m.deferrable));
      if (deferred) {
        await call(t, 'supplementCase', {
          caseId: deferred.view.caseId,
          materials: deferred.item.materials.map((m) => ({ code: m.code, received: true, deferred: false, original: m.originals, copies: m.copies })),
        });
      }
      const toWithdraw = open.find((o) => o !== deferred)!;
      await call(t, 'withdrawCase', { caseId: toWithdraw.view.caseId, reason: '申请人申请撤回' });
      const batches = await call<ErrandBatchView[]>(t, 'createErrandBatch', { courier: '顺丰 SF1234567890' });
      expect(batches.length).toBeGreaterThan(0);
      await settled();
      const after = await until(
        () => call<ErrandBatchView[]>(t, 'listErrandBatches', {}),
        (bs) => bs.every((b) => b.state !== 'pending'),
        30_000,
      );
      expect(after.map((b) => [b.state, b.lastError])).toEqual(after.map(() => ['sent', null]));
      expect(states().filter((r) => r.state !== 'sent')).toEqual([]);
      const revisions = db.prepare('SELECT case_id AS caseId, rev, endpoint FROM outbox').all() as { caseId: string; rev: number; endpoint: 'si' | 'tax' }[];
      expect(revisions.length).toBe(codes.length + (deferred ? 2 : 1));
      for (const r of revisions) expect(sim.control.receivedCount(`${r.caseId}:${r.rev}`, r.endpoint)).toBe(1);
    } finally {
      db.close();
    }
  });
});
