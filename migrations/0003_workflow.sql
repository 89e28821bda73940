-- Counter workflows: drafts that survive a restart, and errand (代跑腿) handover batches.

-- The intake being typed at a window, saved as the teller types (one per window).
CREATE TABLE drafts (
  window_no   INTEGER PRIMARY KEY,
  draft_enc   BLOB NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE errand_batches (
  id              TEXT PRIMARY KEY,                     -- UUID, the Idempotency-Key of POST /v1/errand-batches
  endpoint        TEXT NOT NULL CHECK (endpoint IN ('si', 'tax')),
  date            TEXT NOT NULL,                        -- YYYY-MM-DD (China)
  teller_id       TEXT NOT NULL,
  courier         TEXT NOT NULL,                        -- courier company / waybill or carrier's role, not a citizen's data
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'attention', 'received')),
  batch_no        TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  received_at     TEXT
) STRICT;

CREATE TABLE errand_batch_cases (
  batch_id        TEXT NOT NULL REFERENCES errand_batches(id),
  case_id         TEXT NOT NULL UNIQUE REFERENCES cases(id), -- a case travels in one batch at most
  paper_materials INTEGER NOT NULL,
  PRIMARY KEY (batch_id, case_id)
) STRICT;
