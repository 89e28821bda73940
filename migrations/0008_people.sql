-- Who is at the window, a tamper-evident audit trail, retention.

-- Hash chain: every audit row carries the hash of the row before it (prev_hash) and its own hash over
-- (prev_hash, seq, at, actor, action, case_id, detail_json). Rows written before this migration have none;
-- the chain starts at the first row that has one (see src-main/core/db/audit-chain.ts).
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;

-- The person who last saved the draft at a window (listed at hand-over).
ALTER TABLE drafts ADD COLUMN saved_by TEXT;

-- Retention: cases whose personal data the purge job removed (the case row stays for the figures).
CREATE TABLE purged_cases (
  case_id     TEXT PRIMARY KEY REFERENCES cases(id),
  purged_at   TEXT NOT NULL,
  what        TEXT NOT NULL                -- 'signature' (signature only) or 'personal' (all personal data)
) STRICT, WITHOUT ROWID;
