import { CoreError, issueAt, type CaseView, type FollowUp, type SubmitCaseInput } from '../../contract';
import { isValidIdNumber } from '../../contract/validation';
import type { TerminalConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import { createAuditWriter, createCaseEventWriter } from '../db/journal';
import { isResultStatus, resultMessage } from '../documents/result-notice';
import { appendOutbox } from '../sync/outbox';
import { chinaDate, nowIso, toChinaTime } from '../util/time';
import { intakeOutcome, type CaseBody } from './case-body';
import { DEFERRED_MATERIALS_WORKING_DAYS, REPORT_OUTCOME, type CaseService, type ItemSource } from './case-service';
import { REGISTRATION_NO } from './registration-no';

type MaterialInput = SubmitCaseInput['materials'][number];

/** Back-office outcomes the citizen is told about. */
const TO_TELL = new Set(['approved', 'completed', 'rejected']);

/** Statuses after which nothing more happens to a case at the counter. */
const FINISHED = new Set(['completed', 'rejected', 'withdrawn']);

/**
 * What happens to a case after intake: the return visit that completes a refused intake, materials brought later,
 * withdrawal, informing the citizen of the back office's result, and finding cases again.
 * Every change that the bureau must know is a new revision written with its outbox row in one transaction.
 */
export function createCaseWorkflow(deps: { db: Db; vault: Vault; config: TerminalConfig; items: ItemSource; cases: CaseService; who: () => string; clock?: () => number }) {
  const { db, vault, items, cases, who } = deps;
  const clock = deps.clock ?? Date.now;
  const caseEvent = createCaseEventWriter(db);
  const audit = createAuditWriter(db);
  const lookupName = db.prepare<[string], { id: string }>('SELECT id FROM applicants WHERE name_hash = ?');
  const lookupId = db.prepare<[string], { id: string }>('SELECT id FROM applicants WHERE id_hash = ?');

  function existing(caseId: string): { view: CaseView; body: CaseBody } {
    const view = cases.view(caseId);
    const body = cases.body(caseId);
    if (!view || !body) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
    return { view, body };
  }

  function mergeMaterials(body: CaseBody, given: MaterialInput[]): CaseBody['materials'] {
    const byCode = new Map(given.map((m) => [m.code, m]));
    return body.materials.map((m) => {
      const g = byCode.get(m.code);
      if (!g) return m;
      return { ...m, received: m.received || g.received, deferred: g.received ? false : g.deferred, original: Math.max(m.original, g.original), copies: Math.max(m.copies, g.copies) };
    });
  }

  /** Writes a new revision of a submitted case: the case row, its event, its audit entry and its outbox row. */
  function revise(view: CaseView, body: CaseBody, action: string, detail: Record<string, unknown>, status?: string): CaseView {
    const rev = view.rev + 1;
    const next: CaseBody = { ...body, rev };
    const at = nowIso(clock);
    db.transaction(() => {
      db.prepare(`UPDATE cases SET rev = ?, body_enc = NULL, sync_state = 'queued', updated_at = ?${status ? ', status = ?' : ''} WHERE id = ?`).run(
        ...([rev, at, ...(status ? [status] : []), view.caseId] as unknown[]),
      );
      caseEvent(view.caseId, at, 'revised', { rev, action, ...detail });
      audit({ at, actor: who(), action: `case.${action}`, caseId: view.caseId, detail: { rev, ...detail } });
      appendOutbox(db, { caseId: view.caseId, rev, endpoint: view.endpoint, sealedBody: vault.seal(next) }, at);
    })();
    return cases.view(view.caseId)!;
  }

  return {
    history(applicantId: string): CaseView[] {
      return cases.viewsWhere('WHERE c.applicant_id = ? ORDER BY c.accepted_at DESC LIMIT 50', applicantId);
    },

    /**
     * By case number (exact), the counter's registration number on a one-time notice (exact), ID number (exact, via
     * its keyed hash) or full name (exact, via its keyed hash).
     */
    search(query: string): CaseView[] {
      const q = query.trim();
      // A registration number has no index of its own (see migration 0010): looked for only when the query is one.
      if (REGISTRATION_NO.test(q)) return cases.viewsWhere('WHERE c.reg_no = ?', q.toUpperCase());
      const byNo = cases.viewsWhere('WHERE c.case_no = ? OR c.id = ?', q, q);
      if (byNo.length > 0) return byNo;
      const applicant = isValidIdNumber(q) ? lookupId.get(vault.lookupHash(q.toUpperCase())) : lookupName.get(vault.lookupHash(`name:${q}`));
      return applicant ? this.history(applicant.id) : [];
    },

    /** The return visit: a refused (notified) intake whose materials are now complete is submitted as rev 1. */
    resume(caseId: string, given: MaterialInput[]): CaseView {
      const { view, body } = existing(caseId);
      if (view.status !== 'notified' || view.syncState !== 'local') throw new CoreError('conflict', 'only a refused intake can be resumed', 'error.caseState');
      const item = items.getItem(view.itemCode);
      if (!item) throw new CoreError('not_found', `no catalog item ${view.itemCode}`, 'error.itemNotFound');
      const materials = mergeMaterials(body, given);
      const { outcome, missing, deferred } = intakeOutcome(item, materials);
      if (outcome === 'notified') {
        throw new CoreError('invalid_input', 'required materials are still missing', 'error.materialsMissing', missing.map((code) => issueAt(`materials.${code}`, 'issue.material.missing')));
      }
      const nowMs = clock();
      const next: CaseBody = { ...body, materials, acceptedAt: toChinaTime(nowMs) };
      const at = nowIso(clock);
      const today = chinaDate(nowMs);
      db.transaction(() => {
        db.prepare(
          `UPDATE cases SET status = ?, sync_state = 'queued', body_enc = NULL, accepted_at = ?, updated_at = ?, promised_date = ?, deadline = ?,
             outcome = ?, reasons = ? WHERE id = ?`,
        ).run(
          outcome,
          at,
          at,
          items.promisedDate(item, today),
          outcome === 'accepted_deferred' ? (items.workingDaysAfter?.(today, DEFERRED_MATERIALS_WORKING_DAYS) ?? null) : null,
          REPORT_OUTCOME[outcome],
          outcome === 'accepted_deferred' ? deferred.join(',') : null,
          caseId,
        );
        caseEvent(caseId, at, 'resumed', { rev: 1, outcome });
        audit({ at, actor: who(), action: 'case.accept', caseId, detail: { itemCode: item.code, rev: 1, resumed: true } });
        appendOutbox(db, { caseId, rev: 1, endpoint: view.endpoint, sealedBody: vault.seal(next) }, at);
      })();
      return cases.view(caseId)!;
    },

    /** Materials brought later: recorded as received in a new revision. */
    supplement(caseId: string, given: MaterialInput[]): CaseView {
      const { view, body } = existing(caseId);
      if (view.syncState === 'local' || FINISHED.has(view.status)) throw new CoreError('conflict', 'this case takes no more materials', 'error.caseState');
      const materials = mergeMaterials(body, given);
      const added = materials.filter((m, i) => m.received && !body.materials[i]!.received).map((m) => m.code);
      if (added.length === 0) throw new CoreError('invalid_input', 'no new material received', 'error.noNewMaterial');
      const stillDeferred = materials.some((m) => m.deferred);
      const view2 = revise(view, { ...body, materials, action: 'submit' }, 'supplement', { materials: added });
      if (!stillDeferred) db.prepare('UPDATE cases SET deadline = NULL WHERE id = ?').run(caseId);
      return stillDeferred ? view2 : cases.view(caseId)!;
    },

    /** Withdrawal at the citizen's request; a case travelling in an errand batch cannot be withdrawn. */
    withdraw(caseId: string, reason: string): CaseView {
      const { view, body } = existing(caseId);
      if (view.inBatch) throw new CoreError('conflict', 'the case is in an errand handover batch', 'error.caseInBatch');
      if (FINISHED.has(view.status)) throw new CoreError('conflict', 'the case is finished', 'error.caseState');
      if (view.syncState === 'local') {
        const at = nowIso(clock);
        db.transaction(() => {
          db.prepare("UPDATE cases SET status = 'withdrawn', updated_at = ? WHERE id = ?").run(at, caseId);
          caseEvent(caseId, at, 'withdrawn', { local: true });
          audit({ at, actor: who(), action: 'case.withdraw', caseId, detail: { local: true } });
        })();
        return cases.view(caseId)!;
      }
      return revise(view, { ...body, action: 'withdraw' }, 'withdraw', { reasonLength: reason.length }, 'withdrawn');
    },

    followUps(): FollowUp[] {
      const today = chinaDate(clock());
      // An immediate item completed on the spot was told at the counter; one accepted while its line was down was not.
      const open = cases.viewsWhere(
        `WHERE c.informed_at IS NULL AND c.sync_state != 'local' AND NOT (c.kind = 'immediate' AND c.status = 'completed' AND c.accepted_offline = 0)
           AND (c.status IN ('approved', 'completed', 'rejected', 'needs_materials')
           OR (c.promised_date IS NOT NULL AND c.promised_date < ? AND c.status NOT IN ('completed', 'rejected', 'withdrawn')))
         ORDER BY c.promised_date IS NULL, c.promised_date, c.accepted_at LIMIT 500`,
        today,
      );
      return open
        .map((c) => {
          const overdue = !!c.promisedDate && c.promisedDate < today && !FINISHED.has(c.status);
          const reason: FollowUp['reason'] = c.status === 'needs_materials' ? 'needs_materials' : TO_TELL.has(c.status) ? 'result' : 'overdue';
          const message = isResultStatus(c.status)
            ? resultMessage({ itemName: c.itemName, caseNo: c.caseNo, status: c.status, result: c.result })
            : `您申请的${c.itemName}（受理编号${c.caseNo ?? '待回传'}）正在办理中，我们将尽快告知结果。`;
          return { case: c, overdue, reason, message };
        });
    },

    informed(caseId: string, how: { channel: string; trackingNo?: string; note?: string }): CaseView {
      existing(caseId);
      const at = nowIso(clock);
      db.transaction(() => {
        db.prepare('UPDATE cases SET informed_at = ?, informed_json = ?, updated_at = ? WHERE id = ?').run(
          at,
          JSON.stringify({ channel: how.channel, trackingNo: how.trackingNo ?? null }),
          at,
          caseId,
        );
        caseEvent(caseId, at, 'informed', { channel: how.channel, trackingNo: how.trackingNo ?? null });
        audit({ at, actor: who(), action: 'case.informed', caseId, detail: { channel: how.channel } });
      })();
      return cases.view(caseId)!;
    },
  };
}
export type CaseWorkflow = ReturnType<typeof createCaseWorkflow>;
