import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import type { Vault } from '../crypto/vault';
import type { EndpointName } from '../config/schema';
import { nowIso } from '../util/time';

export interface OutboxEntry {
  caseId: string;
  rev: number;
  endpoint: EndpointName;
  /** The exact request body of PUT /v1/cases/{caseId}. */
  body: unknown;
}

export function idempotencyKey(caseId: string, rev: number): string {
  return `${caseId}:${rev}`;
}

/**
 * Appends one outbox row. Must be called inside the transaction that writes the case revision, so that
 * nothing is ever sent that was not first committed (transactional outbox).
 */
const INSERT_SQL = `INSERT INTO outbox (case_id, rev, endpoint, idempotency_key, body_enc, state, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`;

/** One prepared insert per connection (preparing costs more than the insert itself). */
const inserts = new WeakMap<Db, Statement>();

export function appendOutbox(db: Db, vault: Vault, entry: OutboxEntry, now: string = nowIso(), sealed?: Buffer): void {
  if (!db.inTransaction) throw new Error('appendOutbox must run inside the case transaction');
  let insert = inserts.get(db);
  if (!insert) inserts.set(db, (insert = db.prepare(INSERT_SQL)));
  // `sealed`: the caller already sealed exactly this body for the case row; the same envelope serves both.
  insert.run(entry.caseId, entry.rev, entry.endpoint, idempotencyKey(entry.caseId, entry.rev), sealed ?? vault.seal(entry.body), now, now);
}
