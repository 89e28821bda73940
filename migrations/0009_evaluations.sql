-- Citizen ratings (政务服务“好差评”, PUT /v1/evaluations/{evaluationId} of private-line contract v1.1) and the
-- to-dos their back-office follow-ups make.
--
-- A rating travels through the same transactional outbox as case revisions: its outbox row has the rated case's
-- case_id, rev 0 (no case revision is numbered 0) and the evaluation id as its idempotency key, and is written in the
-- rating's transaction. The sender sends it only once a revision of the case was acknowledged by that endpoint.

CREATE TABLE evaluations (
  id            TEXT PRIMARY KEY,             -- evaluationId: UUID made on the terminal, the Idempotency-Key
  case_id       TEXT NOT NULL REFERENCES cases(id),
  case_rev      INTEGER NOT NULL,             -- the revision the citizen was shown; one rating per revision
  item_code     TEXT NOT NULL,
  endpoint      TEXT NOT NULL CHECK (endpoint IN ('si', 'tax')),
  teller_id     TEXT NOT NULL,
  window_no     INTEGER NOT NULL,
  level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),  -- 5 非常满意 … 1 非常不满意
  reasons_json  TEXT NOT NULL,                -- JSON array of reason codes (catalog evaluationReasons)
  rated_at      TEXT NOT NULL,                -- RFC 3339 UTC
  sync_state    TEXT NOT NULL CHECK (sync_state IN ('queued', 'synced', 'attention', 'defect')),
  evaluation_no TEXT,                         -- assigned by the server
  follow_up     TEXT CHECK (follow_up IN ('follow_up', 'rectified')),  -- the back office's latest follow-up state
  training      INTEGER NOT NULL DEFAULT 0,
  comment_enc   BLOB,                         -- the citizen's sealed comment (free text may name people)
  UNIQUE (case_id, case_rev)
) STRICT;
CREATE INDEX evaluations_rated ON evaluations(rated_at);

CREATE TABLE evaluation_todos (
  seq           INTEGER PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES evaluations(id),
  change_key    TEXT NOT NULL,                -- identifies the change from /v1/changes (a replayed change adds nothing)
  kind          TEXT NOT NULL CHECK (kind IN ('call_back', 'record_rectification')),
  received_at   TEXT NOT NULL,
  note_enc      BLOB,                         -- the back office's sealed note
  done_at       TEXT,
  done_by       TEXT,
  done_note_enc BLOB,                         -- the teller's sealed record of the call or the rectification
  UNIQUE (evaluation_id, change_key)
) STRICT;
CREATE INDEX evaluation_todos_open ON evaluation_todos(seq) WHERE done_at IS NULL;
