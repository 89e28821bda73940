-- 登记编号: a short number for a case made at the counter, printed on the one-time notice the citizen brings back.
-- A refused intake never gets the back office's case number, and an accepted one gets it only once sent; until then
-- the notice needs a number a person can read out. It is DJ + the China date + '-' + window + '-' + the window's
-- sequence of that day (DJ20260512-03-007): unique at the branch (one terminal per window; cases are never deleted, only anonymised) and fixed at intake.

ALTER TABLE cases ADD COLUMN reg_no TEXT;

-- Cases taken before this version: numbered in the order they were taken, per China day and window.
UPDATE cases SET reg_no = (
  SELECT 'DJ' || strftime('%Y%m%d', n.accepted_at, '+8 hours') || '-' || printf('%02d', n.window_no) || '-' || printf('%03d', n.seq)
  FROM (
    SELECT id, accepted_at, window_no,
      ROW_NUMBER() OVER (PARTITION BY date(accepted_at, '+8 hours'), window_no ORDER BY accepted_at, id) AS seq
    FROM cases
  ) n WHERE n.id = cases.id
);

-- No index of its own: a commit would write one more page for it. The next number is the count of the window's
-- cases that China day, read from the covering index cases_accepted (accepted_at, …, window_no, …).
