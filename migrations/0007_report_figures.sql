-- Report figures (报表): what a case needs for the figures leadership reads, kept on the case row itself so that a
-- case commit writes no extra page, and a cache of each China day's figures.

-- card read (or ID typed) → confirm, in milliseconds; NULL when the applicant's identification was not seen.
ALTER TABLE cases ADD COLUMN handling_ms INTEGER;
-- The intake's outcome: accepted | deferred (容缺) | refused (一次性告知, not accepted). The status moves on with the
-- back office; this stays (a refused intake resumed on the return visit becomes accepted or deferred).
ALTER TABLE cases ADD COLUMN outcome TEXT CHECK (outcome IN ('accepted', 'deferred', 'refused'));
-- Material codes behind a refused or deferred intake ('M02,M05'): codes only, the figures' top reasons.
ALTER TABLE cases ADD COLUMN reasons TEXT;
-- When the back office's decision (approved / completed / rejected) reached the terminal: overdue against promised_date.
ALTER TABLE cases ADD COLUMN decided_at TEXT;

WITH intake AS (
  SELECT case_id, json_extract(detail_json, '$.outcome') AS outcome,
    (SELECT group_concat(value) FROM json_each(json_extract(a.detail_json,
      CASE WHEN json_extract(a.detail_json, '$.outcome') = 'notified' THEN '$.missing' ELSE '$.deferred' END))) AS codes
  FROM audit a WHERE action IN ('case.accept', 'case.notify') AND case_id IS NOT NULL
)
UPDATE cases SET reasons = NULLIF(intake.codes, '') FROM intake WHERE intake.case_id = cases.id;
UPDATE cases SET outcome = CASE WHEN status = 'notified' THEN 'refused' WHEN deadline IS NOT NULL OR reasons IS NOT NULL THEN 'deferred' ELSE 'accepted' END;
UPDATE cases SET reasons = NULL WHERE outcome = 'accepted';
UPDATE cases SET decided_at = updated_at WHERE status IN ('approved', 'completed', 'rejected');

-- The figures read a day's cases through their acceptance time, from the index alone: cases_accepted carries every
-- column a figure needs (a WITHOUT ROWID table would otherwise be searched once per row), and updated_at, so a cached
-- day is checked (count, newest change) without reading a row. Same number of indexes as before: a commit writes
-- the same pages (its entry is longer).
DROP INDEX cases_accepted;
CREATE INDEX cases_accepted ON cases(accepted_at, updated_at, training, item_code, window_no, teller_id, endpoint, kind, status, outcome,
  accepted_offline, promised_date, decided_at, informed_at, handling_ms, reasons);

-- One row per China day and mode: that day's figures (JSON, counts and codes only), valid while the day's cases
-- still count `cases_n` rows whose newest updated_at is `newest`.
CREATE TABLE report_days (
  day       TEXT NOT NULL,               -- YYYY-MM-DD (China)
  training  INTEGER NOT NULL,
  cases_n   INTEGER NOT NULL,
  newest    TEXT,
  figures   TEXT NOT NULL,
  PRIMARY KEY (day, training)
) STRICT, WITHOUT ROWID;
