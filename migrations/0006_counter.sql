-- At the counter (issue 19): the citizen's queue ticket number (排队号) on the case, and the daily closing
-- (日终汇总) of a teller at a window, recorded once per day with the figures that were signed.
ALTER TABLE cases ADD COLUMN queue_no TEXT;

CREATE TABLE day_closings (
  date          TEXT NOT NULL,                -- YYYY-MM-DD (China)
  teller_id     TEXT NOT NULL,
  window_no     INTEGER NOT NULL,
  closed_at     TEXT NOT NULL,
  summary_json  TEXT NOT NULL,                -- the figures printed on the sheet (no personal data)
  PRIMARY KEY (date, teller_id, window_no)
) STRICT;
