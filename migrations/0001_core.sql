-- Core tables: applicants, cases, case events, outbox, audit.
-- Personal data is stored encrypted (columns ending in _enc hold AES-256-GCM envelopes);
-- *_hash columns hold a keyed HMAC for lookups without decrypting.
-- Large sealed columns come last in their rows, so that reading the small columns never walks a blob's
-- overflow pages.

CREATE TABLE applicants (
  id            TEXT PRIMARY KEY,             -- UUIDv7 made on the terminal
  id_hash       TEXT NOT NULL UNIQUE,         -- HMAC-SHA256 of the normalised ID number
  id_type       TEXT NOT NULL,                -- resident | hkmo_tw | foreign
  id_masked     TEXT NOT NULL,                -- 330302********1234, safe to show
  name_masked   TEXT NOT NULL,                -- 张*
  name_hash     TEXT,                         -- keyed HMAC of the name, for look-up by name
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  personal_enc  BLOB NOT NULL                 -- encrypted JSON: idNumber, name, gender, ethnicity, birthDate, address, idValidTo, phone
) STRICT;
CREATE INDEX applicants_name_hash ON applicants(name_hash);

CREATE TABLE cases (
  id            TEXT PRIMARY KEY,             -- UUIDv7, never changes; with rev it forms the idempotency key
  rev           INTEGER NOT NULL,             -- latest local revision
  item_code     TEXT NOT NULL,
  item_version  INTEGER NOT NULL DEFAULT 0,   -- catalog version the case was accepted under
  kind          TEXT NOT NULL CHECK (kind IN ('immediate', 'commitment')),
  endpoint      TEXT NOT NULL CHECK (endpoint IN ('si', 'tax')),
  applicant_id  TEXT NOT NULL REFERENCES applicants(id),
  status        TEXT NOT NULL,                -- local workflow status (accepted, notified, ...) or server STATUS
  sync_state    TEXT NOT NULL CHECK (sync_state IN ('local', 'queued', 'synced', 'attention', 'defect')), -- local: kept on the terminal only (e.g. a refused intake)
  case_no       TEXT,                         -- assigned by the server
  promised_date TEXT,
  result_json   TEXT,                         -- the server's result object (no personal data)
  training      INTEGER NOT NULL DEFAULT 0,
  teller_id     TEXT NOT NULL,
  window_no     INTEGER NOT NULL,
  accepted_at   TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deadline      TEXT,                         -- YYYY-MM-DD: bring deferred (容缺) materials by then
  accepted_offline INTEGER NOT NULL DEFAULT 0,  -- accepted while its line was down: the result must be told later
  informed_at   TEXT,                         -- when the citizen was told the result
  informed_json TEXT,                         -- channel, tracking number (no personal data)
  notes_enc     BLOB,                         -- sealed preliminary-review (初审) notes
  body_enc      BLOB                          -- encrypted request body, only while no outbox row holds it (a refused
                                              -- intake kept on the terminal); otherwise the latest outbox row has it
) STRICT;
CREATE INDEX cases_applicant ON cases(applicant_id);
CREATE INDEX cases_case_no ON cases(case_no) WHERE case_no IS NOT NULL;
CREATE INDEX cases_to_inform ON cases(status) WHERE informed_at IS NULL AND status IN ('approved', 'completed', 'rejected', 'needs_materials');
CREATE INDEX cases_accepted ON cases(accepted_at);
-- Partial indexes: a new case (queued, no case number yet) writes none of them.
CREATE INDEX cases_attention ON cases(endpoint) WHERE sync_state = 'attention';

-- Rows of case_events, outbox and audit are never deleted while newer ones exist, so plain rowids keep their order
-- (no AUTOINCREMENT: it would write sqlite_sequence in every case transaction).
CREATE TABLE case_events (
  seq           INTEGER PRIMARY KEY,
  case_id       TEXT NOT NULL REFERENCES cases(id),
  at            TEXT NOT NULL,
  type          TEXT NOT NULL,                -- created, revised, synced, status, rejected, ...
  detail_json   TEXT                          -- never personal data
) STRICT;
CREATE INDEX case_events_case ON case_events(case_id, seq);

-- Transactional outbox: one row per case revision per endpoint, written in the case's transaction.
CREATE TABLE outbox (
  seq             INTEGER PRIMARY KEY,
  case_id         TEXT NOT NULL REFERENCES cases(id),
  rev             INTEGER NOT NULL,
  endpoint        TEXT NOT NULL CHECK (endpoint IN ('si', 'tax')),
  idempotency_key TEXT NOT NULL,              -- <caseId>:<rev>
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'attention', 'defect')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,              -- RFC 3339 UTC; pending rows are eligible at or after it
  last_error      TEXT,                       -- error code and message (never personal data)
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  response_json   TEXT,                       -- the server's response body (caseNo, status, result)
  body_enc        BLOB NOT NULL,              -- encrypted JSON body, byte-for-byte what is sent
  UNIQUE (endpoint, idempotency_key)
) STRICT;
CREATE INDEX outbox_pending ON outbox(endpoint, state, seq);
CREATE INDEX outbox_case ON outbox(case_id, rev);

CREATE TABLE audit (
  seq           INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,                -- teller id, 'system', 'support'
  action        TEXT NOT NULL,
  case_id       TEXT,
  detail_json   TEXT                          -- never personal data
) STRICT;

-- Small key/value store for durable cursors, leases and settings.
CREATE TABLE kv (
  key           TEXT PRIMARY KEY,
  value         TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
