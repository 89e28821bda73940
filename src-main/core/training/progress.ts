import { CoreError } from '../../contract';
import type { Mistake } from '../../contract/training';
import type { Db } from '../db/open';

/** Where a teller stands with one item (逐项考核): each stage needs the one before. */
export type Stage = 'new' | 'studied' | 'practised' | 'signed_off';

export interface ItemProgress {
  tellerId: string;
  itemCode: string;
  stage: Stage;
  cleanRuns: number;
  quizPassed: boolean;
  studiedAt: string | null;
  practisedAt: string | null;
  signedOffAt: string | null;
  signedOffBy: string | null;
}

/** Per branch: how many clean practice runs make an item practised, and what production does before sign-off. */
export interface TrainingPolicy {
  requiredCleanRuns: number;
  /** `warn`: the teller is warned and may go on; `cosign`: a mentor must confirm at the window (交叉式). */
  unsignedItems: 'warn' | 'cosign';
}

export type Gate = { allowed: true } | { allowed: false; needs: 'warning' | 'cosign' };

interface Row {
  teller_id: string;
  item_code: string;
  studied_at: string | null;
  clean_runs: number;
  practised_at: string | null;
  quiz_passed_at: string | null;
  signed_off_at: string | null;
  signed_off_by: string | null;
}

function toProgress(row: Row): ItemProgress {
  const stage: Stage = row.signed_off_at ? 'signed_off' : row.practised_at ? 'practised' : row.studied_at ? 'studied' : 'new';
  return {
    tellerId: row.teller_id,
    itemCode: row.item_code,
    stage,
    cleanRuns: row.clean_runs,
    quizPassed: row.quiz_passed_at !== null,
    studiedAt: row.studied_at,
    practisedAt: row.practised_at,
    signedOffAt: row.signed_off_at,
    signedOffBy: row.signed_off_by,
  };
}

/**
 * Training progress in the terminal's database (it is about staff, not citizens): studied → practised (N clean runs
 * and the item's questions passed) → signed off by a mentor, with dates; practice runs keep only the kinds of mistakes.
 */
export function createTrainingProgress(db: Db, policy: TrainingPolicy) {
  const ensure = db.prepare('INSERT INTO training_progress (teller_id, item_code) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const get = db.prepare<[string, string], Row>('SELECT * FROM training_progress WHERE teller_id = ? AND item_code = ?');
  const studied = db.prepare('UPDATE training_progress SET studied_at = coalesce(studied_at, ?) WHERE teller_id = ? AND item_code = ?');
  const insertRun = db.prepare('INSERT INTO training_runs (teller_id, item_code, scenario_id, at, clean, mistakes_json) VALUES (?, ?, ?, ?, ?, ?)');
  const cleanRun = db.prepare(
    `UPDATE training_progress SET clean_runs = clean_runs + 1, studied_at = coalesce(studied_at, @at),
       practised_at = CASE WHEN practised_at IS NULL AND clean_runs + 1 >= @n AND quiz_passed_at IS NOT NULL THEN @at ELSE practised_at END
     WHERE teller_id = @teller AND item_code = @item`,
  );
  const quizPassed = db.prepare(
    `UPDATE training_progress SET quiz_passed_at = coalesce(quiz_passed_at, @at), studied_at = coalesce(studied_at, @at),
       practised_at = CASE WHEN practised_at IS NULL AND clean_runs >= @n THEN @at ELSE practised_at END
     WHERE teller_id = @teller AND item_code = @item`,
  );
  const signOff = db.prepare('UPDATE training_progress SET signed_off_at = ?, signed_off_by = ? WHERE teller_id = ? AND item_code = ?');
  const ofTeller = db.prepare<[string], Row>('SELECT * FROM training_progress WHERE teller_id = ? ORDER BY item_code');
  const all = db.prepare<[], Row>('SELECT * FROM training_progress ORDER BY teller_id, item_code');

  const row = (teller: string, item: string): Row => {
    ensure.run(teller, item);
    return get.get(teller, item)!;
  };

  /** Read only: an item never touched is `new` and leaves no row behind. */
  const peek = (tellerId: string, itemCode: string): ItemProgress =>
    toProgress(
      get.get(tellerId, itemCode) ?? {
        teller_id: tellerId,
        item_code: itemCode,
        studied_at: null,
        clean_runs: 0,
        practised_at: null,
        quiz_passed_at: null,
        signed_off_at: null,
        signed_off_by: null,
      },
    );

  return {
    get: peek,

    markStudied(tellerId: string, itemCode: string, at: string): ItemProgress {
      ensure.run(tellerId, itemCode);
      studied.run(at, tellerId, itemCode);
      return toProgress(row(tellerId, itemCode));
    },

    /** Records a practice run; a clean one counts towards `requiredCleanRuns`. */
    recordRun(tellerId: string, itemCode: string, scenarioId: string, mistakes: readonly Mistake[], at: string): ItemProgress {
      const clean = mistakes.length === 0;
      db.transaction(() => {
        ensure.run(tellerId, itemCode);
        insertRun.run(tellerId, itemCode, scenarioId, at, clean ? 1 : 0, JSON.stringify(mistakes.map((m) => ({ kind: m.kind, ref: m.ref ?? null }))));
        if (clean) cleanRun.run({ at, n: policy.requiredCleanRuns, teller: tellerId, item: itemCode });
        else studied.run(at, tellerId, itemCode);
      })();
      return toProgress(row(tellerId, itemCode));
    },

    recordQuizPassed(tellerId: string, itemCode: string, at: string): ItemProgress {
      ensure.run(tellerId, itemCode);
      quizPassed.run({ at, n: policy.requiredCleanRuns, teller: tellerId, item: itemCode });
      return toProgress(row(tellerId, itemCode));
    },

    /** A mentor's sign-off (the mentor has proven who they are at the window before this is called). */
    signOff(tellerId: string, itemCode: string, mentorId: string, at: string): ItemProgress {
      if (mentorId === tellerId) throw new CoreError('forbidden', 'a teller cannot sign off their own item', 'error.training.selfSignOff');
      // Read without creating a row: a refused sign-off (an item not practised, a teller unknown) leaves nothing.
      const current = peek(tellerId, itemCode);
      if (current.stage === 'signed_off') return current;
      if (current.stage !== 'practised') {
        throw new CoreError('conflict', `item ${itemCode} is not practised yet (${current.cleanRuns} clean runs, questions ${current.quizPassed ? 'passed' : 'not passed'})`, 'error.training.notPractised');
      }
      signOff.run(at, mentorId, tellerId, itemCode);
      return toProgress(row(tellerId, itemCode));
    },

    /** What production asks before a teller handles an item. */
    gate(tellerId: string, itemCode: string): Gate {
      const signed = get.get(tellerId, itemCode)?.signed_off_at;
      return signed ? { allowed: true } : { allowed: false, needs: policy.unsignedItems === 'cosign' ? 'cosign' : 'warning' };
    },

    ofTeller: (tellerId: string): ItemProgress[] => ofTeller.all(tellerId).map(toProgress),
    all: (): ItemProgress[] => all.all().map(toProgress),
  };
}

export type TrainingProgress = ReturnType<typeof createTrainingProgress>;
