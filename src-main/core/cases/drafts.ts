import type { Draft } from '../../contract';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import { nowIso } from '../util/time';

/** The intake being typed at this window, sealed at rest, kept until the case is saved or the teller discards it. */
export function createDrafts(db: Db, vault: Vault, windowNo: number, clock: () => number = Date.now, who: () => string | null = () => null) {
  const upsert = db.prepare(
    'INSERT INTO drafts (window_no, draft_enc, updated_at, saved_by) VALUES (?, ?, ?, ?) ON CONFLICT(window_no) DO UPDATE SET draft_enc = excluded.draft_enc, updated_at = excluded.updated_at, saved_by = excluded.saved_by',
  );
  const select = db.prepare<[number], { draft_enc: Buffer }>('SELECT draft_enc FROM drafts WHERE window_no = ?');
  const remove = db.prepare('DELETE FROM drafts WHERE window_no = ?');
  return {
    save(draft: Draft): void {
      upsert.run(windowNo, vault.seal(draft), nowIso(clock), who());
    },
    load(): Draft | null {
      const row = select.get(windowNo);
      return row ? vault.open<Draft>(row.draft_enc) : null;
    },
    /** Drops the draft; with a case id, only if the draft is that case's (a saved case ends its draft). */
    discard(caseId?: string): void {
      if (caseId && this.load()?.caseId !== caseId) return;
      remove.run(windowNo);
    },
  };
}
