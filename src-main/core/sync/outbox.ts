import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type { EndpointName } from '../config/schema';
import { nowIso } from '../util/time';

export interface OutboxEntry {
  caseId: string;
  rev: number;
  endpoint: EndpointName;
  /** The exact request body of PUT /v1/cases/{caseId}, sealed by the vault (the same envelope may serve the case row). */
  sealedBody: Buffer;
}

export function idempotencyKey(caseId: string, rev: number): string {
  return `${caseId}:${rev}`;
}

/**
 * SQL condition selecting the outbox rows of the case whose id is `caseIdSql` (a column or a parameter), through
 * the unique (endpoint, idempotency_key) index: a case's keys are '<caseId>:<rev>', the range ['<caseId>:', '<caseId>;').
 */
export function outboxRowsOfCase(alias: string, endpointSql: string, caseIdSql: string): string {
  return `${alias}.endpoint = ${endpointSql} AND ${alias}.idempotency_key >= ${caseIdSql} || ':' AND ${alias}.idempotency_key < ${caseIdSql} || ';'`;
}

/**
 * Appends one outbox row. Must be called inside the transaction that writes the case revision, so that
 * nothing is ever sent that was not first committed (transactional outbox).
 */
const INSERT_SQL = `INSERT INTO outbox (case_id, rev, endpoint, idempotency_key, body_enc, state, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`;

/** One prepared insert per connection (preparing costs more than the insert itself). */
const inserts = new WeakMap<Db, Statement>();

export function appendOutbox(db: Db, entry: OutboxEntry, now: string = nowIso()): void {
  insertRow(db, entry.caseId, entry.rev, entry.endpoint, idempotencyKey(entry.caseId, entry.rev), entry.sealedBody, now);
}

/**
 * The `rev` of an outbox row that carries a citizen's rating (PUT /v1/evaluations/{evaluationId}) instead of a case
 * revision: case revisions start at 1. Its idempotency key is the evaluation id, outside every case's key range.
 */
export const EVALUATION_REV = 0;

export interface EvaluationOutboxEntry {
  /** The rated case (the row waits until that case exists on the endpoint). */
  caseId: string;
  endpoint: EndpointName;
  evaluationId: string;
  /** The exact request body of PUT /v1/evaluations/{evaluationId}, sealed by the vault. */
  sealedBody: Buffer;
}

/** Appends a rating's outbox row; must run inside the rating's transaction. */
export function appendEvaluationOutbox(db: Db, entry: EvaluationOutboxEntry, now: string = nowIso()): void {
  insertRow(db, entry.caseId, EVALUATION_REV, entry.endpoint, entry.evaluationId, entry.sealedBody, now);
}

function insertRow(db: Db, caseId: string, rev: number, endpoint: EndpointName, key: string, body: Buffer, now: string): void {
  if (!db.inTransaction) throw new Error('an outbox row must be appended inside the transaction that writes its record');
  let insert = inserts.get(db);
  if (!insert) inserts.set(db, (insert = db.prepare(INSERT_SQL)));
  insert.run(caseId, rev, endpoint, key, body, now, now);
}
