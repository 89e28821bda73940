import { z } from 'zod';
import { itemSummarySchema } from './catalog';
import { issueAt, type CallIssue } from './issues';

/** At the counter (issue 19): the schemas of the 排队号, the catalog listing, the reprint log and the daily closing. */

/** A citizen's queue ticket number as typed or scanned from the ticket (A023, 1-017, 0042). */
export const queueNoSchema = z.string().regex(/^[A-Za-z0-9-]{1,16}$/, '排队号应为字母、数字或-，最多16位');

/**
 * Why a citizen withdraws a case, as the teller types it (2–200 characters once trimmed). It is required: a default
 * text would record a reason nobody gave. The private line's withdraw revision carries no reason (private-line-v1),
 * so it stays at the terminal.
 */
export const WITHDRAW_REASON_LENGTH = { min: 2, max: 200 } as const;
export const withdrawReasonSchema = z.string().trim().min(WITHDRAW_REASON_LENGTH.min).max(WITHDRAW_REASON_LENGTH.max);

export const manualIdTypeSchema = z.enum(['resident', 'hkmo_tw', 'foreign', 'other']);

export const chinaDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One main item (32 of them) with its sub-items, in catalog order: 办事指南 lists them before anything is typed. */
export const catalogMainGroupSchema = z.object({
  code: z.string(),
  name: z.string(),
  items: z.array(itemSummarySchema),
});
export type CatalogMainGroup = z.infer<typeof catalogMainGroupSchema>;

export const reprintDocumentSchema = z.enum(['receipt.print', 'receipt.pdf', 'notice.print', 'notice.pdf']);
export type ReprintDocument = z.infer<typeof reprintDocumentSchema>;

/** One reprint (补打) of a case's document: who, when, which document. */
export const reprintEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  document: reprintDocumentSchema,
});
export type ReprintEntry = z.infer<typeof reprintEntrySchema>;

/** Why the day cannot be closed yet: one per half-done case (said by the renderer as `issue.closing.<kind>`). */
export const closingBlockerSchema = z.object({
  kind: z.enum(['draft', 'attention', 'defect']),
  caseId: z.string().nullable(),
  /** The item's name (catalog data). */
  item: z.string(),
  /** The server's case number, once it gave one. */
  caseNo: z.string().nullable(),
});
export type ClosingBlocker = z.infer<typeof closingBlockerSchema>;

/** A blocker as an issue: its key and values. */
export function closingBlockerIssue(b: ClosingBlocker): CallIssue {
  return issueAt(b.caseId ? `case.${b.caseId}` : 'case', `issue.closing.${b.kind}`, { item: b.item });
}

/** 日终汇总: one teller at one window on one day (China calendar). */
export const dailyClosingSchema = z.object({
  date: chinaDateSchema,
  tellerId: z.string(),
  windowNo: z.number().int(),
  branchCode: z.string(),
  training: z.boolean(),
  /** Cases accepted that day by outcome (status as the case shows it now). */
  byOutcome: z.array(z.object({ status: z.string(), statusText: z.string(), cases: z.number().int() })),
  total: z.number().int(),
  /** Cases of that day not yet on the bureau's side (queued, sent back to the teller, defects). */
  unsent: z.number().int(),
  /** Citizens still to be told a result or a request for materials. */
  toInform: z.number().int(),
  /** Cases handed over in errand (代跑腿) batches that day, and the batches. */
  errandCases: z.number().int(),
  errandBatches: z.number().int(),
  /** Reprints (补打) of that day by this teller. */
  reprints: z.number().int(),
  /** Closed already (when and by whom), or null. */
  closedAt: z.string().nullable(),
  blockers: z.array(closingBlockerSchema),
});
export type DailyClosing = z.infer<typeof dailyClosingSchema>;
