-- Mentor training (师徒式): each teller's way through every item, studied → practised → signed off by a mentor, and the
-- practice runs behind it. No citizen data: practice scenarios are fictitious and the runs keep only mistake kinds.

CREATE TABLE training_progress (
  teller_id       TEXT NOT NULL,
  item_code       TEXT NOT NULL,
  studied_at      TEXT,
  clean_runs      INTEGER NOT NULL DEFAULT 0,     -- practice runs of this item without a mistake
  practised_at    TEXT,                           -- when clean_runs reached the branch's required number
  quiz_passed_at  TEXT,
  signed_off_at   TEXT,
  signed_off_by   TEXT,                           -- the mentor's user id
  PRIMARY KEY (teller_id, item_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE training_runs (
  id            INTEGER PRIMARY KEY,
  teller_id     TEXT NOT NULL,
  item_code     TEXT NOT NULL,
  scenario_id   TEXT NOT NULL,
  at            TEXT NOT NULL,
  clean         INTEGER NOT NULL CHECK (clean IN (0, 1)),
  mistakes_json TEXT NOT NULL                     -- [{kind, ref}] only: never the values typed
) STRICT;
CREATE INDEX training_runs_item ON training_runs (item_code, at);
CREATE INDEX training_runs_teller ON training_runs (teller_id, at);
