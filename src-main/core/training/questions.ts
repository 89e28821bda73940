import { describeFee, describeLimit, KIND_LABEL, type Catalog, type CatalogItem } from '../../contract';
import type { Question, QuestionTopic } from '../../contract/training';
import { pick, seededRandom, shuffled } from './seeded-random';

/**
 * Knowledge questions per item, generated from the catalog's guide data: materials, conditions, promised time limit,
 * fee, kind (即办/承诺) and legal basis. Wrong options come from other items of the catalog, never from this item's own
 * facts, so every question has exactly one right answer. Deterministic per catalog.
 */
export function generateQuestions(item: CatalogItem, catalog: Catalog): Question[] {
  const rnd = seededRandom(`${item.code}?${catalog.version}`);
  const others = catalog.items.filter((o) => o.code !== item.code);
  const questions: Question[] = [];
  const ask = (topic: QuestionTopic, text: string, right: string, wrongPool: string[]) => {
    const wrong = shuffled([...new Set(wrongPool)].filter((w) => w !== right), rnd).slice(0, 3);
    if (wrong.length === 0) return;
    const options = shuffled([right, ...wrong], rnd);
    questions.push({ id: `${item.code}?${topic}`, itemCode: item.code, topic, text, options, answer: options.indexOf(right) });
  };

  const own = new Set(item.materials.map((m) => m.name));
  const required = item.materials.filter((m) => m.required);
  const material = pick(required, rnd);
  if (material) {
    ask('materials', `办理「${item.name}」，申请人须提交下列哪一项材料？`, material.name, others.flatMap((o) => o.materials.map((m) => m.name)).filter((n) => !own.has(n)));
  }
  const ownConditions = new Set(item.guide.conditions);
  ask(
    'conditions',
    `下列哪一项是「${item.name}」的受理条件？`,
    pick(item.guide.conditions, rnd)!,
    others.flatMap((o) => o.guide.conditions).filter((c) => !ownConditions.has(c)),
  );
  const limit = describeLimit(item.guide.promisedLimit);
  ask('limit', `「${item.name}」的承诺办结时限是？`, limit, [...others.map((o) => describeLimit(o.guide.promisedLimit)), '3个工作日', '7个工作日', '20个工作日']);
  const fee = describeFee(item.guide.fee.amountFen);
  ask('fee', `「${item.name}」的收费标准是？`, fee, [...others.map((o) => describeFee(o.guide.fee.amountFen)), '不收费', '10.00元', '20.00元', '50.00元']);
  ask('kind', `「${item.name}」属于哪类事项？`, KIND_LABEL[item.kind], Object.values(KIND_LABEL));
  const ownBasis = new Set(item.guide.legalBasis);
  ask(
    'legalBasis',
    `下列哪一项是「${item.name}」的设定依据？`,
    pick(item.guide.legalBasis, rnd)!,
    others.flatMap((o) => o.guide.legalBasis).filter((b) => !ownBasis.has(b)),
  );
  return questions;
}


export interface QuizResult {
  total: number;
  correct: number;
  /** Ids of the questions answered wrongly (or not at all). */
  wrong: string[];
  passed: boolean;
}

/** Scores answers (question id → chosen option index) against the questions asked; passing needs `passShare` right. */
export function scoreQuiz(questions: readonly Question[], answers: Readonly<Record<string, number>>, passShare = 0.8): QuizResult {
  const wrong = questions.filter((q) => answers[q.id] !== q.answer).map((q) => q.id);
  const correct = questions.length - wrong.length;
  return { total: questions.length, correct, wrong, passed: questions.length > 0 && correct / questions.length >= passShare };
}
