/**
 * Practice (练习) contract: the practice bank of scripted scenarios and knowledge questions, a teller's attempt at a
 * scenario and the mistakes found in it. Pure (zod only): safe to import from the renderer.
 */
import { z } from 'zod';
import { itemCodeSchema } from './catalog';

/** The sample cards an emulated reader can present (fictitious people). */
export const sampleCardSchema = z.enum(['residentLongwan', 'residentLongTerm', 'hkmoTw', 'foreignOld', 'foreign2023']);
export type SampleCard = z.infer<typeof sampleCardSchema>;

export const feedbackChannelSchema = z.enum(['sms', 'phone', 'courier', 'bank_card', 'pickup']);

/** What the applicant in a scenario brings for one material of the item. */
export const materialPlanSchema = z.enum(['brought', 'deferred', 'lacking']);
export type MaterialPlan = z.infer<typeof materialPlanSchema>;

export const intakeOutcomeSchema = z.enum(['accepted', 'accepted_deferred', 'notified']);

export const scenarioSchema = z
  .object({
    /** Stable id: `<itemCode>#<variant>` for generated scenarios, any `<itemCode>#x…` for the district's own. */
    id: z.string().regex(/^(SI|MI|TAX)-\d{2}-\d{2}#[a-z0-9-]{1,40}$/),
    itemCode: itemCodeSchema,
    /** The story the teller is told (Chinese): who comes, what they want, what they bring. */
    story: z.string().min(1).max(600),
    card: sampleCardSchema,
    /** The values the applicant gives, as the form takes them (amounts in fen). */
    form: z.record(z.string(), z.union([z.string(), z.number().int()])),
    /** Per material code of the item: what the applicant brings. Codes not listed are not required and not brought. */
    materials: z.record(z.string().regex(/^M\d{2}$/), materialPlanSchema),
    feedback: z.object({ channel: feedbackChannelSchema, phone: z.string().optional() }).strict(),
    /** What a correct intake ends in. */
    expectedOutcome: intakeOutcomeSchema,
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

export const questionTopicSchema = z.enum(['materials', 'limit', 'fee', 'kind', 'legalBasis', 'conditions', 'district']);
export type QuestionTopic = z.infer<typeof questionTopicSchema>;

export const questionSchema = z
  .object({
    id: z.string().regex(/^(SI|MI|TAX)-\d{2}-\d{2}\?[A-Za-z0-9-]{1,40}$/),
    itemCode: itemCodeSchema,
    topic: questionTopicSchema,
    text: z.string().min(1).max(300),
    options: z.array(z.string().min(1).max(300)).min(2).max(6),
    /** Index into `options`. */
    answer: z.number().int().min(0),
  })
  .strict()
  .refine((q) => q.answer < q.options.length && new Set(q.options).size === q.options.length, {
    message: 'answer must index one of distinct options',
    path: ['answer'],
  });
export type Question = z.infer<typeof questionSchema>;

/** The district's own additions to the practice bank (a JSON file it maintains and distributes like the catalog). */
export const districtBankSchema = z
  .object({
    version: z.number().int().min(1),
    scenarios: z.array(scenarioSchema).max(2000).default([]),
    questions: z.array(questionSchema).max(5000).default([]),
  })
  .strict();
export type DistrictBank = z.infer<typeof districtBankSchema>;

/** What the teller did with a scenario, as submitted in practice. */
export const practiceAttemptSchema = z
  .object({
    scenarioId: scenarioSchema.shape.id,
    itemCode: itemCodeSchema,
    /** The ID number of the applicant the teller took (from the card read or typed). */
    applicantIdNumber: z.string().max(20),
    form: z.record(z.string(), z.union([z.string().max(2000), z.number().finite(), z.null()])),
    materials: z.array(z.object({ code: z.string().regex(/^M\d{2}$/), received: z.boolean(), deferred: z.boolean() }).strict()).max(40),
    feedback: z.object({ channel: feedbackChannelSchema, phone: z.string().max(20).optional() }).strict(),
  })
  .strict();
export type PracticeAttempt = z.infer<typeof practiceAttemptSchema>;

export const mistakeKindSchema = z.enum(['item', 'applicant', 'form', 'material', 'outcome', 'feedback']);
export type MistakeKind = z.infer<typeof mistakeKindSchema>;

export const mistakeSchema = z
  .object({
    kind: mistakeKindSchema,
    /** The field key or material code concerned, where there is one. */
    ref: z.string().optional(),
    /**
     * What was expected and what was done, as values the screen words through its i18n layer: an item code, a form
     * value, a material state (`received` | `deferred` | `none`), an outcome, a feedback channel or phone.
     */
    expected: z.string(),
    actual: z.string(),
  })
  .strict();
export type Mistake = z.infer<typeof mistakeSchema>;

/** A question as the teller sees it: without its answer. */
export const quizQuestionSchema = z.object({ id: z.string(), topic: questionTopicSchema, text: z.string(), options: z.array(z.string()) }).strict();

export const stageSchema = z.enum(['new', 'studied', 'practised', 'signed_off']);

export const itemProgressSchema = z
  .object({
    tellerId: z.string(),
    itemCode: itemCodeSchema,
    stage: stageSchema,
    cleanRuns: z.number().int().min(0),
    quizPassed: z.boolean(),
    studiedAt: z.string().nullable(),
    practisedAt: z.string().nullable(),
    signedOffAt: z.string().nullable(),
    signedOffBy: z.string().nullable(),
  })
  .strict();
export type ItemProgressView = z.infer<typeof itemProgressSchema>;

/** Where a teller stands with an item nothing was recorded for. */
export const untouchedProgress = (tellerId: string, itemCode: string): ItemProgressView => ({
  tellerId,
  itemCode,
  stage: 'new',
  cleanRuns: 0,
  quizPassed: false,
  studiedAt: null,
  practisedAt: null,
  signedOffAt: null,
  signedOffBy: null,
});

/** One item on the practice page: its scenarios (stories), and where the signed-in teller stands. */
export const practiceItemSchema = z
  .object({
    itemCode: itemCodeSchema,
    itemName: z.string(),
    /** The main item (主项) it belongs to, for the mentor's matrix filter. */
    mainCode: z.string(),
    mainName: z.string(),
    scenarios: z.array(z.object({ id: scenarioSchema.shape.id, story: z.string(), expectedOutcome: intakeOutcomeSchema }).strict()),
    progress: itemProgressSchema,
  })
  .strict();

export const practiceRunSchema = z
  .object({ caseId: z.string(), scenarioId: z.string(), itemCode: itemCodeSchema, mistakes: z.array(mistakeSchema), progress: itemProgressSchema })
  .strict();

export const quizResultSchema = z
  .object({ total: z.number().int(), correct: z.number().int(), wrong: z.array(z.string()), passed: z.boolean(), progress: itemProgressSchema })
  .strict();

export const gateSchema = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(true) }).strict(),
  z.object({ allowed: z.literal(false), needs: z.enum(['warning', 'cosign']) }).strict(),
]);

/**
 * What part of the mentor's matrix to show, print or export: some tellers, items where a shown teller is at one of
 * some stages, one main item (主项). Absent fields do not filter.
 */
export const matrixFilterSchema = z
  .object({
    tellerIds: z.array(z.string().regex(/^[A-Z0-9]{2,16}$/)).max(200).optional(),
    stages: z.array(stageSchema).max(4).optional(),
    mainCode: z.string().regex(/^(SI|MI|TAX)-\d{2}$/).optional(),
  })
  .strict();
export type MatrixFilter = z.infer<typeof matrixFilterSchema>;

/** Progress figures for the mentor and the branch, from the sign-offs and practice runs. */
export const trainingFiguresSchema = z
  .object({
    /** Items in the catalog: what 100% means. */
    itemCount: z.number().int(),
    /** Per teller and China calendar day with a sign-off: items signed off that day and in all up to it. */
    signedOffPerDay: z.array(z.object({ tellerId: z.string(), date: z.string(), signedOff: z.number().int(), total: z.number().int() }).strict()),
    /** Per teller: first practice activity, items signed off, and the days it took to 100% (or so far). */
    tellers: z.array(
      z
        .object({
          tellerId: z.string(),
          firstActivity: z.string(),
          signedOff: z.number().int(),
          share: z.number(),
          /** Date the last item was signed off, when all are. */
          completedOn: z.string().nullable(),
          /** Calendar days from the first activity to 100%, or to today while not complete. */
          days: z.number().int(),
        })
        .strict(),
    ),
    /** Per item practised: runs, runs with mistakes and mistakes by kind, the hardest first. */
    mistakesPerItem: z.array(
      z
        .object({
          itemCode: z.string(),
          runs: z.number().int(),
          runsWithMistakes: z.number().int(),
          mistakes: z.number().int(),
          byKind: z.record(mistakeKindSchema, z.number().int()),
        })
        .strict(),
    ),
  })
  .strict();
export type TrainingFigures = z.infer<typeof trainingFiguresSchema>;
