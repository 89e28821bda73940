import { mistakeKindSchema, type MistakeKind, type TrainingFigures } from '../../contract/training';
import type { Db } from '../db/open';
import { chinaDate } from '../util/time';
import { dayOf as dayOrNull } from './matrix';

const dayOf = (iso: string): string => dayOrNull(iso)!;

const DAY_MS = 86_400_000;

/** Whole calendar days from one `YYYY-MM-DD` to another. */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

const noMistakes = (): Record<MistakeKind, number> => Object.fromEntries(mistakeKindSchema.options.map((k) => [k, 0])) as Record<MistakeKind, number>;

/**
 * The mentor's and the branch's progress figures, from the sign-offs (training_progress) and the practice runs
 * (training_runs): items signed off per teller and day, days from a teller's first practice activity to 100% of the
 * catalog's items (or to today, with the share so far), and the mistakes made per item, the hardest first.
 */
export function trainingFigures(db: Db, itemCodes: readonly string[], today: string): TrainingFigures {
  const items = new Set(itemCodes);
  const progress = db
    .prepare<[], { teller_id: string; item_code: string; studied_at: string | null; quiz_passed_at: string | null; practised_at: string | null; signed_off_at: string | null }>(
      'SELECT teller_id, item_code, studied_at, quiz_passed_at, practised_at, signed_off_at FROM training_progress',
    )
    .all();
  const runs = db.prepare<[], { teller_id: string; item_code: string; at: string; clean: number; mistakes_json: string }>('SELECT teller_id, item_code, at, clean, mistakes_json FROM training_runs').all();

  const first = new Map<string, number>();
  const seen = (teller: string, iso: string | null) => {
    if (!iso) return;
    const ms = Date.parse(iso);
    if (!first.has(teller) || ms < first.get(teller)!) first.set(teller, ms);
  };
  const signed = new Map<string, string[]>();
  for (const p of progress) {
    for (const at of [p.studied_at, p.quiz_passed_at, p.practised_at, p.signed_off_at]) seen(p.teller_id, at);
    if (p.signed_off_at && items.has(p.item_code)) signed.set(p.teller_id, [...(signed.get(p.teller_id) ?? []), p.signed_off_at]);
  }
  for (const r of runs) seen(r.teller_id, r.at);

  const signedOffPerDay: TrainingFigures['signedOffPerDay'] = [];
  for (const [tellerId, ats] of [...signed].sort(([a], [b]) => a.localeCompare(b))) {
    const perDay = new Map<string, number>();
    for (const at of ats) perDay.set(dayOf(at), (perDay.get(dayOf(at)) ?? 0) + 1);
    let total = 0;
    for (const [date, n] of [...perDay].sort(([a], [b]) => a.localeCompare(b))) {
      total += n;
      signedOffPerDay.push({ tellerId, date, signedOff: n, total });
    }
  }

  const tellers = [...first]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tellerId, ms]) => {
      const firstActivity = chinaDate(ms);
      const ats = signed.get(tellerId) ?? [];
      const complete = items.size > 0 && ats.length >= items.size;
      const completedOn = complete ? dayOf(ats.reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b))) : null;
      return {
        tellerId,
        firstActivity,
        signedOff: ats.length,
        share: items.size ? ats.length / items.size : 0,
        completedOn,
        days: daysBetween(firstActivity, completedOn ?? today),
      };
    });

  const perItem = new Map<string, TrainingFigures['mistakesPerItem'][number]>();
  for (const r of runs) {
    const entry = perItem.get(r.item_code) ?? { itemCode: r.item_code, runs: 0, runsWithMistakes: 0, mistakes: 0, byKind: noMistakes() };
    const mistakes = JSON.parse(r.mistakes_json) as { kind: MistakeKind }[];
    entry.runs += 1;
    if (!r.clean) entry.runsWithMistakes += 1;
    entry.mistakes += mistakes.length;
    for (const m of mistakes) entry.byKind[m.kind] = (entry.byKind[m.kind] ?? 0) + 1;
    perItem.set(r.item_code, entry);
  }
  const mistakesPerItem = [...perItem.values()].sort((a, b) => b.mistakes - a.mistakes || b.runsWithMistakes - a.runsWithMistakes || a.itemCode.localeCompare(b.itemCode));

  return { itemCount: items.size, signedOffPerDay, tellers, mistakesPerItem };
}
