import { CoreError, issueAt, validateFormValues, type CaseView, type CatalogItem, type SubmitCaseInput } from '../../contract';
import type { ApplicantService } from '../applicants/applicant-service';
import type { TerminalConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import { appendOutbox, outboxRowsOfCase } from '../sync/outbox';
import { chinaDate, chinaDayRange, nowIso, toChinaTime } from '../util/time';
import { buildCaseBody, caseBodyJsonChunks, intakeOutcome, type CaseBody } from './case-body';
import { createRegistrationNumbers } from './registration-no';

/** Where the case service finds catalog items (the catalog module, or a fixed list in tests). */
export interface ItemSource {
  getItem(code: string): CatalogItem | undefined;
  version(): number;
  /** Promised date for an item accepted on `acceptedDate` (YYYY-MM-DD), or null for immediate items. */
  promisedDate(item: CatalogItem, acceptedDate: string): string | null;
  /** The date `workingDays` working days after `date` (deadline for deferred materials). */
  workingDaysAfter?(date: string, workingDays: number): string;
}

/** Working days a citizen has to bring deferred (容缺) materials. */
export const DEFERRED_MATERIALS_WORKING_DAYS = 5;

export interface CaseRow {
  id: string;
  rev: number;
  item_code: string;
  kind: 'immediate' | 'commitment';
  endpoint: 'si' | 'tax';
  status: string;
  sync_state: CaseView['syncState'];
  case_no: string | null;
  reg_no: string | null;
  promised_date: string | null;
  result_json: string | null;
  accepted_at: string;
  updated_at: string;
  id_masked: string;
  name_masked: string;
  attention_json: string | null;
  deadline: string | null;
  informed_at: string | null;
  in_batch: number;
  queue_no: string | null;
}

export const VIEW_SQL = `SELECT c.id, c.rev, c.item_code, c.kind, c.endpoint, c.status, c.sync_state, c.case_no, c.reg_no, c.promised_date,
  c.result_json, c.accepted_at, c.updated_at, a.id_masked, a.name_masked, c.deadline, c.informed_at, c.queue_no,
  EXISTS (SELECT 1 FROM errand_batch_cases b WHERE b.case_id = c.id) AS in_batch,
  (SELECT o.last_error FROM outbox o WHERE ${outboxRowsOfCase('o', 'c.endpoint', 'c.id')} AND o.state IN ('attention', 'defect') ORDER BY o.seq DESC LIMIT 1) AS attention_json
  FROM cases c JOIN applicants a ON a.id = c.applicant_id`;

/** An intake validated and sealed, ready to be committed (see CaseService.prepare). */
export interface PreparedCase {
  readonly input: SubmitCaseInput;
  readonly item: CatalogItem;
  readonly applicant: { idMasked: string; nameMasked: string };
  readonly outcome: ReturnType<typeof intakeOutcome>['outcome'];
  readonly missing: string[];
  readonly deferred: string[];
  readonly sent: boolean;
  readonly at: string;
  readonly sealedBody: Buffer;
  readonly promisedDate: string | null;
  readonly deadline: string | null;
  readonly notesEnc: Buffer | null;
  readonly training: boolean;
  readonly lineDown: boolean;
  /** Card read (or ID typed) → this preparation, for the report's handling time; null when not seen. */
  readonly handlingMs: number | null;
  /** The signed-in person who accepts the case. */
  readonly tellerId: string;
}

export interface PrepareOptions {
  lineDown?: boolean;
  identifiedAt?: number;
}

/** The intake outcome as the report counts it (cases.outcome). */
export const REPORT_OUTCOME = { accepted: 'accepted', accepted_deferred: 'deferred', notified: 'refused' } as const;

export interface CaseService {
  /**
   * `lineDown`: the case's private line is down now, so an immediate result cannot be given on the spot.
   * `identifiedAt`: when the applicant's card was read (or ID typed), epoch ms: the start of the handling time.
   */
  submit(input: SubmitCaseInput, opts?: PrepareOptions): { view: CaseView; created: boolean };
  /**
   * The two halves of submit. prepare: everything but the write (validation, the request body, sealing it);
   * throws on invalid input. commit: the one durable transaction (case + audit + outbox row); a case already
   * committed is answered as it is, never written twice.
   */
  prepare(input: SubmitCaseInput, opts?: PrepareOptions): PreparedCase;
  commit(prepared: PreparedCase): { view: CaseView; created: boolean };
  view(caseId: string): CaseView | undefined;
  list(opts: { date?: string; limit: number }): CaseView[];
  /** The latest revision's request body (personal data included): for documents, never for logs. */
  body(caseId: string): CaseBody | undefined;
  /** Views of the rows a query selects (the query must select VIEW_SQL's columns). */
  viewsWhere(where: string, ...params: unknown[]): CaseView[];
}

function parseReasons(json: string | null): CaseView['attentionReasons'] {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as { reasons?: { field?: string; message: string }[]; message?: string };
    if (Array.isArray(parsed.reasons) && parsed.reasons.length > 0) return parsed.reasons;
    return parsed.message ? [{ message: parsed.message }] : null;
  } catch {
    return [{ message: json }];
  }
}

export function createCaseService(deps: {
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  items: ItemSource;
  applicants: ApplicantService;
  /** The signed-in person (recorded on every case, print and audit entry). */
  who: () => string;
  clock?: () => number;
}): CaseService {
  const { db, vault, config, items, applicants } = deps;
  const clock = deps.clock ?? Date.now;
  const registrationNos = createRegistrationNumbers(db);
  const selectView = db.prepare<[string], CaseRow>(`${VIEW_SQL} WHERE c.id = ?`);
  const selectDay = db.prepare<[string, string, number], CaseRow>(`${VIEW_SQL} WHERE c.accepted_at >= ? AND c.accepted_at < ? ORDER BY c.accepted_at DESC LIMIT ?`);
  const selectRecent = db.prepare<[number], CaseRow>(`${VIEW_SQL} ORDER BY c.accepted_at DESC LIMIT ?`);
  const insertCase = db.prepare(
    `INSERT INTO cases (id, rev, item_code, item_version, kind, endpoint, applicant_id, status, sync_state, promised_date,
       body_enc, training, teller_id, window_no, accepted_at, updated_at, notes_enc, deadline, accepted_offline, queue_no, handling_ms, outcome, reasons, reg_no)
     VALUES (@id, 1, @itemCode, @itemVersion, @kind, @endpoint, @applicantId, @status, @syncState, @promisedDate,
       @bodyEnc, @training, @tellerId, @windowNo, @acceptedAt, @acceptedAt, @notesEnc, @deadline, @acceptedOffline, @queueNo, @handlingMs, @reportOutcome, @reasons, @regNo)`,
  );
  // The latest revision's body is in its outbox row (stored once); a case never sent keeps it in its own row.
  const selectBody = db.prepare<[string], { body_enc: Buffer | null }>(
    `SELECT COALESCE(c.body_enc, (SELECT o.body_enc FROM outbox o WHERE ${outboxRowsOfCase('o', 'c.endpoint', 'c.id')} ORDER BY o.rev DESC LIMIT 1)) AS body_enc
     FROM cases c WHERE c.id = ?`,
  );
  const caseExists = db.prepare<[string], { item_code: string; applicant_id: string }>('SELECT item_code, applicant_id FROM cases WHERE id = ?');
  /**
   * A submit whose case id is already committed: a retry of the same intake answers with the case saved, never a
   * second case; the id sent with another item or applicant is refused (the renderer makes one id per intake).
   */
  const alreadySaved = (input: SubmitCaseInput): { view: CaseView; created: false } | null => {
    const saved = caseExists.get(input.caseId);
    if (!saved) return null;
    if (saved.item_code !== input.itemCode || saved.applicant_id !== input.applicantId) {
      throw new CoreError('conflict', 'this case id is already used by another intake', 'error.caseIdTaken');
    }
    return { view: view(input.caseId)!, created: false };
  };
  const audit = createAuditWriter(db);

  function toView(row: CaseRow): CaseView {
    const item = items.getItem(row.item_code);
    return {
      caseId: row.id,
      rev: row.rev,
      itemCode: row.item_code,
      itemName: item?.name ?? row.item_code,
      kind: row.kind,
      endpoint: row.endpoint,
      status: row.status,
      syncState: row.sync_state,
      caseNo: row.case_no,
      regNo: row.reg_no,
      promisedDate: row.promised_date,
      result: row.result_json ? (JSON.parse(row.result_json) as Record<string, unknown>) : null,
      applicantIdMasked: row.id_masked,
      applicantNameMasked: row.name_masked,
      acceptedAt: row.accepted_at,
      updatedAt: row.updated_at,
      attentionReasons: row.sync_state === 'attention' || row.sync_state === 'defect' ? parseReasons(row.attention_json) : null,
      deadline: row.deadline,
      informedAt: row.informed_at,
      inBatch: row.in_batch === 1,
      queueNo: row.queue_no,
    };
  }

  function view(caseId: string): CaseView | undefined {
    const row = selectView.get(caseId);
    return row ? toView(row) : undefined;
  }

  function prepare(input: SubmitCaseInput, opts: PrepareOptions = {}): PreparedCase {
    const item = items.getItem(input.itemCode);
    if (!item) throw new CoreError('not_found', `no catalog item ${input.itemCode}`, 'error.itemNotFound');
    const problems = validateFormValues(item.form, input.form);
    if (problems.length > 0) {
      throw new CoreError('invalid_input', 'the form has invalid fields', 'error.formInvalid', problems.map((p) => issueAt(`form.${p.field}`, p.message, p.params)));
    }
    const known = new Set(item.materials.map((m) => m.code));
    const unknown = input.materials.filter((m) => !known.has(m.code));
    if (unknown.length > 0) {
      throw new CoreError('invalid_input', 'unknown material codes', 'error.formInvalid', unknown.map((m) => issueAt(`materials.${m.code}`, 'issue.material.unknown')));
    }
    const applicant = applicants.forCase(input.applicantId);
    if (!applicant) throw new CoreError('not_found', 'no such applicant', 'error.applicantNotFound');
    const { personal } = applicant;

    const nowMs = clock();
    const acceptedAt = toChinaTime(nowMs);
    const tellerId = deps.who();
    const body = buildCaseBody({ input, item, personal, config, tellerId, rev: 1, acceptedAt });
    const { outcome, missing, deferred } = intakeOutcome(item, body.materials);
    const sent = outcome !== 'notified';
    const at = nowIso(clock);
    const sealedBody = vault.sealJson(caseBodyJsonChunks(body));
    const promisedDate = sent ? items.promisedDate(item, chinaDate(nowMs)) : null;
    const deadline = outcome === 'accepted_deferred' ? (items.workingDaysAfter?.(chinaDate(nowMs), DEFERRED_MATERIALS_WORKING_DAYS) ?? null) : null;
    const notesEnc = input.reviewNotes ? vault.seal(input.reviewNotes) : null;
    const handlingMs = opts.identifiedAt !== undefined && opts.identifiedAt <= nowMs ? nowMs - opts.identifiedAt : null;
    return { input, item, applicant, outcome, missing, deferred, sent, at, sealedBody, promisedDate, deadline, notesEnc, training: body.training, lineDown: opts.lineDown === true, handlingMs, tellerId };
  }

  // One prepared transaction: case row, audit entry (the record of acceptance: no separate 'created' event, one
  // page less per commit) and outbox row. A case already committed fails on the primary key and changes nothing.
  const writeCase = db.transaction((p: PreparedCase, regNo: string) => {
    const { input, item, outcome, missing, deferred, sent, at, sealedBody } = p;
    insertCase.run({
      id: input.caseId,
      itemCode: item.code,
      itemVersion: item.version,
      kind: item.kind,
      endpoint: item.endpoint,
      applicantId: input.applicantId,
      status: outcome,
      syncState: sent ? 'queued' : 'local',
      promisedDate: p.promisedDate,
      bodyEnc: sent ? null : sealedBody,
      training: p.training ? 1 : 0,
      tellerId: p.tellerId,
      windowNo: config.windowNo,
      acceptedAt: at,
      notesEnc: p.notesEnc,
      acceptedOffline: p.lineDown ? 1 : 0,
      deadline: p.deadline,
      queueNo: input.queueNo ?? null,
      handlingMs: p.handlingMs,
      reportOutcome: REPORT_OUTCOME[outcome],
      reasons: (outcome === 'notified' ? missing : deferred).join(',') || null,
      regNo,
    });
    audit({
      at,
      actor: p.tellerId,
      action: outcome === 'notified' ? 'case.notify' : 'case.accept',
      caseId: input.caseId,
      detail: { itemCode: item.code, rev: 1, outcome, missing, deferred },
    });
    if (sent) appendOutbox(db, { caseId: input.caseId, rev: 1, endpoint: item.endpoint, sealedBody }, at);
  });

  function commit(prepared: PreparedCase): { view: CaseView; created: boolean } {
    const { input, item, applicant, outcome, sent, at, promisedDate, deadline } = prepared;
    const regNo = registrationNos.next(Date.parse(prepared.at), config.windowNo);
    try {
      writeCase(prepared, regNo);
      registrationNos.taken(regNo);
    } catch (err) {
      const saved = (err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ? alreadySaved(input) : null;
      if (saved) return saved;
      throw err;
    }
    // The new case's view, from exactly what was just committed (no read back).
    const row: CaseRow = {
      id: input.caseId,
      rev: 1,
      item_code: item.code,
      kind: item.kind,
      endpoint: item.endpoint,
      status: outcome,
      sync_state: sent ? 'queued' : 'local',
      case_no: null,
      reg_no: regNo,
      promised_date: promisedDate,
      result_json: null,
      accepted_at: at,
      updated_at: at,
      id_masked: applicant.idMasked,
      name_masked: applicant.nameMasked,
      attention_json: null,
      deadline,
      informed_at: null,
      in_batch: 0,
      queue_no: input.queueNo ?? null,
    };
    return { view: toView(row), created: true };
  }

  return {
    submit(input, opts = {}) {
      return alreadySaved(input) ?? commit(prepare(input, opts));
    },
    prepare,
    commit,
    view,
    viewsWhere(where, ...params) {
      return (db.prepare(`${VIEW_SQL} ${where}`).all(...params) as CaseRow[]).map(toView);
    },
    body(caseId) {
      const row = selectBody.get(caseId);
      return row?.body_enc ? vault.open<CaseBody>(row.body_enc) : undefined;
    },
    list({ date, limit }) {
      if (!date) return selectRecent.all(limit).map(toView);
      // accepted_at is UTC; a China calendar day runs from 16:00Z the day before.
      const [start, end] = chinaDayRange(date);
      return selectDay.all(start, end, limit).map(toView);
    },
  };
}
