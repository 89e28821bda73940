import { z } from 'zod';
import type { IssueKey } from './issues';
import type { CallResult } from './errors';
import { uuidSchema as uuid } from './ids';
import { evaluationReasonSchema } from './catalog';

/**
 * The citizen's rating of a service (政务服务“好差评”): the shapes the teller's screens and the citizen-facing view
 * use, and the citizen view's own contract — two calls and nothing else (`citizenCalls`).
 */

/** 5 = 非常满意, 4 = 满意, 3 = 基本满意, 2 = 不满意, 1 = 非常不满意 (private-line contract v1.1). */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export const ratingLevelSchema = z.number().int().min(1).max(5);
export type RatingLevel = 1 | 2 | 3 | 4 | 5;
/** Levels that need reasons and get a follow-up from the back office. */
export const isBadLevel = (level: number): boolean => level <= 2;
export const COMMENT_MAX = 200;

/** The rating input, as the citizen gives it. Reasons are required for levels 1–2 and given only for those. */
export const rateCaseInputSchema = z
  .object({
    caseId: uuid,
    /** The revision the citizen was shown: a rating is for what the citizen saw. */
    rev: z.number().int().min(1),
    level: ratingLevelSchema,
    reasons: z.array(z.string().regex(/^E\d{2}$/)).max(20),
    comment: z.string().max(COMMENT_MAX).optional(),
  })
  .strict()
  .refine((r) => !isBadLevel(r.level) || r.reasons.length > 0, { message: 'issue.rating.reasonsRequired' satisfies IssueKey, path: ['reasons'] })
  .refine((r) => isBadLevel(r.level) || r.reasons.length === 0, { message: 'issue.rating.reasonsOnlyBad' satisfies IssueKey, path: ['reasons'] })
  .refine((r) => new Set(r.reasons).size === r.reasons.length, { message: 'issue.rating.reasonsRepeated' satisfies IssueKey, path: ['reasons'] });
export type RateCaseInput = z.infer<typeof rateCaseInputSchema>;

/** What the citizen view shows: no personal data, only the case, its item and its status (in plain words there). */
export const citizenCaseSchema = z.object({
  caseId: z.string(),
  rev: z.number().int().positive(),
  caseNo: z.string().nullable(),
  itemName: z.string(),
  /** The case's status code (accepted, notified, completed, ...); the view says it in plain words. */
  status: z.string(),
  /** A rating was already given for this revision. */
  rated: z.boolean(),
  /** The catalog's reasons for bad ratings. */
  reasons: z.array(evaluationReasonSchema),
});
export type CitizenCase = z.infer<typeof citizenCaseSchema>;

export const rateResultSchema = z.object({ evaluationId: z.string(), level: ratingLevelSchema, ratedAt: z.string() });

export const ratingSyncStateSchema = z.enum(['queued', 'synced', 'attention', 'defect']);
export const followUpStateSchema = z.enum(['follow_up', 'rectified']);

/** What the teller sees of a case's rating: that one was given, and what became of it. Never editable. */
export const caseRatingSchema = z.object({
  caseId: z.string(),
  /** The rating of the case's current revision, if any. */
  rating: z
    .object({
      evaluationId: z.string(),
      rev: z.number().int(),
      level: ratingLevelSchema,
      reasons: z.array(z.string()),
      ratedAt: z.string(),
      syncState: ratingSyncStateSchema,
      evaluationNo: z.string().nullable(),
      followUp: followUpStateSchema.nullable(),
    })
    .nullable(),
  /** Shown on the citizen view right now. */
  presented: z.boolean(),
});
export type CaseRating = z.infer<typeof caseRatingSchema>;

/** A to-do on 办件跟踪 from a bad rating's follow-up: call the citizen back, or record the rectification. */
export const ratingTodoSchema = z.object({
  todoId: z.number().int(),
  evaluationId: z.string(),
  caseId: z.string(),
  caseNo: z.string().nullable(),
  itemName: z.string(),
  level: ratingLevelSchema,
  /** The citizen's reasons as the catalog names them (its evaluationReasons). */
  reasons: z.array(z.string()),
  /** follow_up → call the citizen back; rectified → record the rectification. */
  kind: z.enum(['call_back', 'record_rectification']),
  /** The back office's note. */
  note: z.string().nullable(),
  receivedAt: z.string(),
});
export type RatingTodo = z.infer<typeof ratingTodoSchema>;

export const ratingTellerCalls = {
  /** Shows this case on the citizen-facing view (after a case, or on request). */
  presentForRating: { input: z.object({ caseId: uuid }).strict(), output: caseRatingSchema },
  /** Whether (and how) the case was rated. */
  caseRating: { input: z.object({ caseId: uuid }).strict(), output: caseRatingSchema },
  /** Open to-dos from bad ratings' follow-ups. */
  ratingTodos: { input: z.object({}).strict(), output: z.array(ratingTodoSchema) },
  /** Closes a to-do: the citizen was called back, or the rectification recorded. */
  completeRatingTodo: { input: z.object({ todoId: z.number().int().positive(), note: z.string().min(2).max(200) }).strict(), output: z.object({ ok: z.literal(true) }) },
} as const;

/** The citizen view's whole contract: show the current case, rate it. */
export const citizenCalls = {
  currentCase: { input: z.object({}).strict(), output: citizenCaseSchema.nullable() },
  rateCase: { input: rateCaseInputSchema, output: rateResultSchema },
} as const;

export type CitizenCallName = keyof typeof citizenCalls;
export type CitizenCallInput<N extends CitizenCallName> = z.input<(typeof citizenCalls)[N]['input']>;
export type CitizenCallOutput<N extends CitizenCallName> = z.output<(typeof citizenCalls)[N]['output']>;
/** The citizen view's API: one async function per call answering the result envelope (the citizen preload `satisfies` it). */
export type CitizenBridgeApi = { [N in CitizenCallName]: (input: CitizenCallInput<N>) => Promise<CallResult<CitizenCallOutput<N>>> };
export const citizenCallNames = Object.keys(citizenCalls) as CitizenCallName[];
