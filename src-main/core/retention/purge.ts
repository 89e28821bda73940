import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaseBody } from '../cases/case-body';
import type { TerminalConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import type { Logger } from '../logging/types';
import { outboxRowsOfCase } from '../sync/outbox';

const DAY_MS = 86_400_000;
/** Final statuses of the private-line contract: nothing more will happen to such a case. */
const SETTLED_SQL = "c.status IN ('approved', 'rejected', 'completed', 'withdrawn')";
/** Synced and settled: the server has every revision (no outbox row of the case is unsent) and the case is final. */
const SYNCED_AND_SETTLED = `c.sync_state = 'synced' AND ${SETTLED_SQL}
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE ${outboxRowsOfCase('o', 'c.endpoint', 'c.id')} AND o.state != 'sent')`;

export interface PurgeReport {
  /** Cases whose personal data was removed (case rows stay, for the figures). */
  cases: number;
  /** Cases whose signature image was removed (the rest of their data still within its period). */
  signatures: number;
  applicants: number;
  drafts: number;
  /** Crash records and temporary files removed. */
  files: number;
}

/** A case body with every personal field removed; the shape stays so documents of the case still render. */
function anonymised(body: CaseBody): CaseBody {
  const { signature: _signature, ...rest } = body;
  return { ...rest, applicant: { idType: body.applicant.idType, idNumber: '', name: '' }, form: {}, feedback: { channel: body.feedback.channel } };
}

function withoutSignatureImage(body: CaseBody): CaseBody {
  return body.signature ? { ...body, signature: { sha256: body.signature.sha256, png: '' } } : body;
}

/**
 * Retention (PIPL): personal data of cases past their period is deleted or irreversibly anonymised — synced and
 * settled cases only, never one with an unsent revision. Periods: case records `retentionDays`, signature images
 * `retention.signatureDays`, drafts `retention.draftDays`, crash records and temporary files `retention.scratchDays`,
 * each counted from the case's last change. Every run that removes something is audited with its counts.
 */
export function createRetentionJob(deps: {
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  dataDir: string;
  logger: Logger;
  clock: () => number;
  /** Where exports and diagnostics make their temporary folders (the system's by default). */
  tempDir?: string;
}) {
  const { db, vault, config } = deps;
  const log = deps.logger.child({ component: 'retention' });
  const audit = createAuditWriter(db);
  const tempDir = deps.tempDir ?? tmpdir();
  const stmt = {
    dueForPersonal: db.prepare<[string], { id: string; endpoint: string }>(
      `SELECT c.id, c.endpoint FROM cases c WHERE c.updated_at < ? AND ${SYNCED_AND_SETTLED}
       AND NOT EXISTS (SELECT 1 FROM purged_cases p WHERE p.case_id = c.id AND p.what = 'personal')`,
    ),
    dueForSignature: db.prepare<[string], { id: string; endpoint: string }>(
      `SELECT c.id, c.endpoint FROM cases c WHERE c.updated_at < ? AND ${SYNCED_AND_SETTLED}
       AND NOT EXISTS (SELECT 1 FROM purged_cases p WHERE p.case_id = c.id)`,
    ),
    outboxOf: db.prepare<[{ endpoint: string; caseId: string }], { seq: number; body_enc: Buffer }>(`SELECT o.seq, o.body_enc FROM outbox o WHERE ${outboxRowsOfCase('o', '@endpoint', '@caseId')}`),
    setOutboxBody: db.prepare('UPDATE outbox SET body_enc = ? WHERE seq = ?'),
    clearCase: db.prepare('UPDATE cases SET body_enc = NULL, notes_enc = NULL WHERE id = ?'),
    mark: db.prepare("INSERT INTO purged_cases (case_id, purged_at, what) VALUES (?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET purged_at = excluded.purged_at, what = excluded.what"),
    // Applicants whose every case is purged, or who have no case at all and were last seen before the draft period.
    dueApplicants: db.prepare<[string, string], { id: string }>(
      `SELECT a.id FROM applicants a WHERE a.id_hash NOT LIKE 'purged:%' AND (
         (EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = a.id) AND a.updated_at < ?
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = a.id
                          AND NOT EXISTS (SELECT 1 FROM purged_cases p WHERE p.case_id = c.id AND p.what = 'personal')))
         OR (NOT EXISTS (SELECT 1 FROM cases c WHERE c.applicant_id = a.id) AND a.updated_at < ?))`,
    ),
    anonymiseApplicant: db.prepare("UPDATE applicants SET id_hash = 'purged:' || id, name_hash = NULL, id_masked = '*', name_masked = '*', personal_enc = ? WHERE id = ?"),
    oldDrafts: db.prepare('DELETE FROM drafts WHERE updated_at < ?'),
  };

  function rewriteBodies(caseId: string, endpoint: string, change: (b: CaseBody) => CaseBody): void {
    for (const row of stmt.outboxOf.all({ endpoint, caseId })) stmt.setOutboxBody.run(vault.seal(change(vault.open<CaseBody>(row.body_enc))), row.seq);
  }

  function pruneFiles(before: number): number {
    let removed = 0;
    const prune = (dir: string, match: (name: string) => boolean = () => true) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names) {
        if (!match(name)) continue;
        const p = path.join(dir, name);
        try {
          const st = statSync(p);
          if (st.isDirectory() && dir !== tempDir) prune(p);
          else if (st.mtimeMs < before) {
            rmSync(p, { recursive: true, force: true });
            removed++;
          }
        } catch {
          // gone meanwhile
        }
      }
    };
    prune(path.join(deps.dataDir, 'logs', 'crashes')); // crash records and Electron's minidumps (crashes/dumps)
    prune(path.join(deps.dataDir, 'tmp'));
    prune(tempDir, (name) => /^onewindow-(diag|pdf|print)-/.test(name)); // left behind by a crash mid-export
    return removed;
  }

  return {
    run(): PurgeReport {
      const now = deps.clock();
      const iso = (days: number) => new Date(now - days * DAY_MS).toISOString();
      const at = new Date(now).toISOString();
      const report: PurgeReport = { cases: 0, signatures: 0, applicants: 0, drafts: 0, files: 0 };
      db.transaction(() => {
        for (const c of stmt.dueForPersonal.all(iso(config.retentionDays))) {
          rewriteBodies(c.id, c.endpoint, anonymised);
          stmt.clearCase.run(c.id);
          stmt.mark.run(c.id, at, 'personal');
          report.cases++;
        }
        for (const c of stmt.dueForSignature.all(iso(config.retention.signatureDays))) {
          rewriteBodies(c.id, c.endpoint, withoutSignatureImage);
          stmt.mark.run(c.id, at, 'signature');
          report.signatures++;
        }
        for (const a of stmt.dueApplicants.all(iso(config.retentionDays), iso(config.retention.draftDays))) {
          stmt.anonymiseApplicant.run(vault.seal({}), a.id);
          report.applicants++;
        }
        report.drafts = stmt.oldDrafts.run(iso(config.retention.draftDays)).changes;
        report.files = pruneFiles(now - config.retention.scratchDays * DAY_MS);
        if (report.cases + report.signatures + report.applicants + report.drafts + report.files > 0) {
          audit({ at, actor: 'system', action: 'retention.purge', detail: { ...report } });
        }
      })();
      if (report.cases + report.signatures + report.applicants + report.drafts + report.files > 0) log.info({ ...report }, 'retention purge');
      return report;
    },
  };
}

export type RetentionJob = ReturnType<typeof createRetentionJob>;
