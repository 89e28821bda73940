/**
 * The simulator's own SQLite state (its own schema, not the terminal's migrations): cases, idempotency
 * records, per-key counters, the back-office change feed and errand batches. In-memory unless a file is given.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { EndpointName, ErrandBatchInfo, SimCase, Status } from './types';
import { ensurePrivateDir, ensurePrivateFile } from '../core/util/private-files';
import { maskForm } from './mask';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_cases (
  endpoint TEXT NOT NULL, case_id TEXT NOT NULL, case_no TEXT NOT NULL, rev INTEGER NOT NULL, status TEXT NOT NULL,
  item_code TEXT NOT NULL, kind TEXT NOT NULL, branch_code TEXT NOT NULL, promised_date TEXT, result_json TEXT,
  form_json TEXT NOT NULL, revisions_json TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  PRIMARY KEY (endpoint, case_id)
);
CREATE TABLE IF NOT EXISTS sim_idempotency (
  endpoint TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
  body_json TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (endpoint, key)
);
CREATE TABLE IF NOT EXISTS sim_counts (
  endpoint TEXT NOT NULL, key TEXT NOT NULL, requests INTEGER NOT NULL DEFAULT 0, applied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (endpoint, key)
);
CREATE TABLE IF NOT EXISTS sim_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, endpoint TEXT NOT NULL, case_id TEXT NOT NULL, case_no TEXT NOT NULL,
  branch_code TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL, note TEXT, result_json TEXT
);
CREATE INDEX IF NOT EXISTS sim_changes_feed ON sim_changes (endpoint, branch_code, seq);
CREATE TABLE IF NOT EXISTS sim_errand_batches (
  endpoint TEXT NOT NULL, batch_id TEXT NOT NULL, batch_no TEXT NOT NULL, branch_code TEXT NOT NULL, date TEXT NOT NULL,
  case_ids_json TEXT NOT NULL, created_at TEXT NOT NULL, confirmed_at TEXT, PRIMARY KEY (endpoint, batch_id)
);
CREATE TABLE IF NOT EXISTS sim_sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

interface CaseRow {
  endpoint: EndpointName;
  case_id: string;
  case_no: string;
  rev: number;
  status: Status;
  item_code: string;
  kind: string;
  branch_code: string;
  promised_date: string | null;
  result_json: string | null;
  form_json: string;
  revisions_json: string;
  updated_at: string;
}

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
}

export interface ChangeRecord {
  seq: number;
  caseId: string;
  caseNo: string;
  status: Status;
  at: string;
  note?: string;
  result?: Record<string, unknown>;
}

/** A rating's follow-up in the change feed (contract v1.1). */
export interface EvaluationChangeRecord {
  seq: number;
  kind: 'evaluation';
  evaluationId: string;
  status: 'follow_up' | 'rectified';
  note?: string;
}

function rowToCase(row: CaseRow): SimCase {
  return {
    caseId: row.case_id,
    caseNo: row.case_no,
    rev: row.rev,
    status: row.status,
    itemCode: row.item_code,
    kind: row.kind,
    branchCode: row.branch_code,
    ...(row.promised_date ? { promisedDate: row.promised_date } : {}),
    ...(row.result_json ? { result: JSON.parse(row.result_json) as Record<string, unknown> } : {}),
    revisions: JSON.parse(row.revisions_json) as number[],
    endpoint: row.endpoint,
    form: JSON.parse(row.form_json) as Record<string, unknown>,
    updatedAt: row.updated_at,
  };
}

export class SimStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text and reused (preparing is a large share of a small write's cost). */
  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  constructor(file?: string) {
    if (file) {
      ensurePrivateDir(path.dirname(file));
      ensurePrivateFile(file);
    }
    this.db = new Database(file ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.addChangeKinds();
  }

  /** Runs `fn` in one transaction (everything it writes commits together, or nothing does). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  /** Runs SQL without results (a module's own CREATE TABLE IF NOT EXISTS, its DELETEs on reset). */
  exec(text: string): void {
    this.db.exec(text);
  }

  /**
   * The change feed also carries ratings' follow-ups (contract v1.1): a `kind` column, 'case' or 'evaluation'; an
   * evaluation change keeps its evaluationId in case_id and its status (follow_up, rectified) in status.
   */
  private addChangeKinds(): void {
    const columns = this.db.prepare('PRAGMA table_info(sim_changes)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'kind')) this.db.exec("ALTER TABLE sim_changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'case'");
  }

  addEvaluationChange(endpoint: EndpointName, e: { evaluationId: string; branchCode: string; status: string; note: string }, at: string): void {
    this
      .sql("INSERT INTO sim_changes (endpoint, case_id, case_no, branch_code, status, at, note, kind) VALUES (?, ?, '', ?, ?, ?, ?, 'evaluation')")
      .run(endpoint, e.evaluationId, e.branchCode, e.status, at, e.note);
  }

  clear(): void {
    this.db.exec(
      'DELETE FROM sim_cases; DELETE FROM sim_idempotency; DELETE FROM sim_counts; DELETE FROM sim_changes; DELETE FROM sim_errand_batches; DELETE FROM sim_sequences;',
    );
  }

  /** Next value of a named counter (starts at 1). */
  nextSequence(name: string): number {
    const row = this
      .sql('INSERT INTO sim_sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value')
      .get(name) as { value: number };
    return row.value;
  }

  // --- idempotency and counters ---

  getResponse(endpoint: EndpointName, key: string): StoredResponse | undefined {
    const row = this
      .sql('SELECT request_hash, status, body_json FROM sim_idempotency WHERE endpoint = ? AND key = ?')
      .get(endpoint, key) as { request_hash: string; status: number; body_json: string } | undefined;
    return row && { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body_json) };
  }

  saveResponse(endpoint: EndpointName, key: string, response: StoredResponse, at: string): void {
    this
      .sql('INSERT INTO sim_idempotency (endpoint, key, request_hash, status, body_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(endpoint, key, response.requestHash, response.status, JSON.stringify(response.body), at);
  }

  countRequest(endpoint: EndpointName, key: string): void {
    this
      .sql('INSERT INTO sim_counts (endpoint, key, requests) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET requests = requests + 1')
      .run(endpoint, key);
  }

  countApplied(endpoint: EndpointName, key: string): void {
    this
      .sql('INSERT INTO sim_counts (endpoint, key, applied) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET applied = applied + 1')
      .run(endpoint, key);
  }

  counts(key: string, endpoint?: EndpointName): { requests: number; applied: number } {
    const row = this
      .sql(
        'SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(applied), 0) AS applied FROM sim_counts WHERE key = ? AND (? IS NULL OR endpoint = ?)',
      )
      .get(key, endpoint ?? null, endpoint ?? null) as { requests: number; applied: number };
    return row;
  }

  // --- cases ---

  getCase(endpoint: EndpointName, caseId: string): SimCase | undefined {
    const row = this.sql('SELECT * FROM sim_cases WHERE endpoint = ? AND case_id = ?').get(endpoint, caseId) as CaseRow | undefined;
    return row && rowToCase(row);
  }

  listCases(endpoint?: EndpointName): SimCase[] {
    const rows = this
      .sql('SELECT * FROM sim_cases WHERE (? IS NULL OR endpoint = ?) ORDER BY created_at, rowid')
      .all(endpoint ?? null, endpoint ?? null) as CaseRow[];
    return rows.map(rowToCase);
  }

  putCase(c: SimCase, createdAt: string): void {
    this
      .sql(
        `INSERT INTO sim_cases (endpoint, case_id, case_no, rev, status, item_code, kind, branch_code, promised_date, result_json,
           form_json, revisions_json, created_at, updated_at)
         VALUES (@endpoint, @caseId, @caseNo, @rev, @status, @itemCode, @kind, @branchCode, @promisedDate, @result, @form, @revisions, @createdAt, @updatedAt)
         ON CONFLICT (endpoint, case_id) DO UPDATE SET rev = excluded.rev, status = excluded.status, item_code = excluded.item_code,
           kind = excluded.kind, branch_code = excluded.branch_code, promised_date = excluded.promised_date, result_json = excluded.result_json,
           form_json = excluded.form_json, revisions_json = excluded.revisions_json, updated_at = excluded.updated_at`,
      )
      .run({
        endpoint: c.endpoint,
        caseId: c.caseId,
        caseNo: c.caseNo,
        rev: c.rev,
        status: c.status,
        itemCode: c.itemCode,
        kind: c.kind,
        branchCode: c.branchCode,
        promisedDate: c.promisedDate ?? null,
        result: c.result ? JSON.stringify(c.result) : null,
        form: JSON.stringify(maskForm(c.form)),
        revisions: JSON.stringify(c.revisions),
        createdAt,
        updatedAt: c.updatedAt,
      });
  }

  // --- changes ---

  addChange(endpoint: EndpointName, c: SimCase, at: string, note?: string, result?: object): void {
    this
      .sql(
        'INSERT INTO sim_changes (endpoint, case_id, case_no, branch_code, status, at, note, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(endpoint, c.caseId, c.caseNo, c.branchCode, c.status, at, note ?? null, result ? JSON.stringify(result) : null);
  }

  changesSince(endpoint: EndpointName, branchCode: string, afterSeq: number, limit: number): (ChangeRecord | EvaluationChangeRecord)[] {
    const rows = this
      .sql(
        "SELECT seq, case_id, case_no, status, at, note, result_json, kind FROM sim_changes WHERE endpoint = ? AND branch_code = ? AND seq > ? ORDER BY seq LIMIT ?",
      )
      .all(endpoint, branchCode, afterSeq, limit) as {
      seq: number;
      case_id: string;
      case_no: string;
      status: Status;
      at: string;
      note: string | null;
      result_json: string | null;
      kind: 'case' | 'evaluation';
    }[];
    return rows.map((r) => r.kind === 'evaluation' ? {
      seq: r.seq,
      kind: 'evaluation' as const,
      evaluationId: r.case_id,
      status: r.status as unknown as EvaluationChangeRecord['status'],
      ...(r.note !== null ? { note: r.note } : {}),
    } : ({
      seq: r.seq,
      caseId: r.case_id,
      caseNo: r.case_no,
      status: r.status,
      at: r.at,
      ...(r.note !== null ? { note: r.note } : {}),
      ...(r.result_json !== null ? { result: JSON.parse(r.result_json) as Record<string, unknown> } : {}),
    }));
  }

  // --- errand batches ---

  addErrandBatch(endpoint: EndpointName, b: { batchId: string; batchNo: string; branchCode: string; date: string; caseIds: string[] }, at: string): void {
    this
      .sql(
        'INSERT INTO sim_errand_batches (endpoint, batch_id, batch_no, branch_code, date, case_ids_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(endpoint, b.batchId, b.batchNo, b.branchCode, b.date, JSON.stringify(b.caseIds), at);
  }

  errandBatches(): ErrandBatchInfo[] {
    const rows = this
      .sql('SELECT endpoint, batch_id, batch_no, case_ids_json, confirmed_at FROM sim_errand_batches ORDER BY created_at, rowid')
      .all() as { endpoint: EndpointName; batch_id: string; batch_no: string; case_ids_json: string; confirmed_at: string | null }[];
    return rows.map((r) => ({
      batchId: r.batch_id,
      batchNo: r.batch_no,
      caseIds: JSON.parse(r.case_ids_json) as string[],
      endpoint: r.endpoint,
      confirmed: r.confirmed_at !== null,
    }));
  }

  markErrandConfirmed(endpoint: EndpointName, batchId: string, at: string): boolean {
    return this
      .sql('UPDATE sim_errand_batches SET confirmed_at = ? WHERE endpoint = ? AND batch_id = ? AND confirmed_at IS NULL')
      .run(at, endpoint, batchId).changes > 0;
  }
}
