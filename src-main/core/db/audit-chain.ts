import { createHash } from 'node:crypto';

/** The hash before the first chained audit row. */
export const GENESIS = '0'.repeat(64);

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  case_id: string | null;
  detail_json: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The hash of one audit row: SHA-256 over the previous row's hash and every field of this row. */
export function auditRowHash(prevHash: string, r: Pick<AuditRow, 'seq' | 'at' | 'actor' | 'action' | 'case_id' | 'detail_json'>): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, r.seq, r.at, r.actor, r.action, r.case_id, r.detail_json]))
    .digest('hex');
}

export type ChainReport =
  | { ok: true; rows: number; chained: number; unchainedBefore: number }
  | { ok: false; rows: number; brokenAt: number; reason: string };

/**
 * Walks the audit rows in order and checks the chain: each row's prev_hash is the previous row's hash and its own
 * hash matches its fields. Rows from before the chain existed (no hash) may only come first.
 */
export function verifyAuditChain(rows: Iterable<AuditRow>): ChainReport {
  let prev: string | null = null; // null: the chain has not started yet
  let n = 0;
  let unchained = 0;
  let lastSeq = 0;
  for (const r of rows) {
    n++;
    if (r.hash === null) {
      if (prev !== null) return { ok: false, rows: n, brokenAt: r.seq, reason: 'row without hash inside the chain' };
      unchained++;
      lastSeq = r.seq;
      continue;
    }
    const expectedPrev: string = prev ?? GENESIS;
    if (r.prev_hash !== expectedPrev) {
      return { ok: false, rows: n, brokenAt: r.seq, reason: prev === null ? 'first chained row does not start from genesis' : `does not follow row ${lastSeq} (a row before it was changed, removed or inserted)` };
    }
    if (auditRowHash(expectedPrev, r) !== r.hash) return { ok: false, rows: n, brokenAt: r.seq, reason: 'row content does not match its hash (edited)' };
    prev = r.hash;
    lastSeq = r.seq;
  }
  return { ok: true, rows: n, chained: n - unchained, unchainedBefore: unchained };
}
