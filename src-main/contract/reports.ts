/**
 * Report figures (报表) as the renderer and the exports see them: counts and codes only, never personal data.
 * A report covers a period of China calendar days, for this terminal or for several terminals' figures files merged.
 */
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date YYYY-MM-DD');

/** Inclusive China calendar days; at most two years. */
export const reportPeriodSchema = z
  .object({ from: day, to: day })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 731 * 86_400_000, { message: 'at most two years', path: ['to'] });
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

const n = z.number().int().nonnegative();

/** The counters every breakdown carries. Overdue: decided after its promised date, or still open past it. */
export const reportCountersSchema = z.object({
  /** Every intake, refused ones included. */
  cases: n,
  accepted: n,
  /** Accepted with deferred (容缺) materials. */
  deferred: n,
  /** Not accepted: a required material missing (一次性告知). */
  refused: n,
  withdrawn: n,
  /** Immediate (即办) items among the accepted. */
  immediate: n,
  /** Immediate items completed at the counter with the line up. */
  onSpot: n,
  /** Commitment (承诺件) items among the accepted: the errand pipeline. */
  commitment: n,
  decided: n,
  rejected: n,
  /** Results told to the citizen. */
  delivered: n,
  overdue: n,
});
export type ReportCounters = z.infer<typeof reportCountersSchema>;

const row = <T extends z.ZodRawShape>(shape: T) => reportCountersSchema.extend(shape);

const ratingCounts = z.object({
  total: n,
  byLevel: z.object({ 1: n, 2: n, 3: n, 4: n, 5: n }),
  satisfied: n,
  satisfactionRate: z.number().nullable(),
  bad: z.object({ total: n, awaitingFollowUp: n, followUp: n, rectified: n }),
});

export const reportFiguresSchema = z.object({
  period: z.object({ from: day, to: day }),
  /** The day the report was made (China): open cases are overdue against it. */
  asOf: day,
  training: z.boolean(),
  terminals: z.array(z.object({ terminalId: z.string(), branchCode: z.string(), days: n })),
  totals: row({ immediateShare: z.number(), onSpotShare: z.number() }),
  trend: z.array(row({ day })),
  byMain: z.array(row({ mainCode: z.string(), mainName: z.string() })),
  byItem: z.array(row({ itemCode: z.string(), itemName: z.string(), mainCode: z.string() })),
  /** `window` is the row's key (the window number, with the branch code before it when several branches are merged). */
  byWindow: z.array(row({ window: z.string(), windowNo: z.number().int(), branchCode: z.string().nullable() })),
  byTeller: z.array(row({ tellerId: z.string() })),
  byEndpoint: z.array(row({ endpoint: z.enum(['si', 'tax']) })),
  outcomes: z.object({
    accepted: n,
    deferred: n,
    refused: n,
    topRefused: z.array(z.object({ itemCode: z.string(), materialCode: z.string(), materialName: z.string(), cases: n })),
    topDeferred: z.array(z.object({ itemCode: z.string(), materialCode: z.string(), materialName: z.string(), cases: n })),
  }),
  errands: z.object({ batches: n, handedOver: n, received: n, decided: n, rejected: n, delivered: n, overdue: n }),
  /** Card read → confirm, seconds (nearest-rank, to 1 s under a minute, 5 s under ten); `measured` cases had both times recorded. */
  handling: z.object({ measured: n, medianS: z.number().nullable(), p90S: z.number().nullable() }),
  /** Citizen ratings (好差评) given in the period: satisfaction = levels 3–5 over all; bad (1–2) by follow-up state. */
  ratings: ratingCounts.extend({
    perItem: z.array(ratingCounts.extend({ itemCode: z.string(), itemName: z.string() })),
    perTeller: z.array(ratingCounts.extend({ tellerId: z.string() })),
  }),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

/** Results of merging figures files: which files counted, which were refused and why (by file name). */
export const mergeResultSchema = z.object({
  figures: reportFiguresSchema,
  accepted: z.array(z.object({ file: z.string(), terminalId: z.string(), days: n, duplicateDays: n })),
  refused: z.array(z.object({ file: z.string(), reason: z.string() })),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;

export const figuresFileInputSchema = z.object({ name: z.string().min(1).max(200), base64: z.string().max(40_000_000) }).strict();
