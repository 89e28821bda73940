import { z } from 'zod';

/**
 * What is wrong with one part of an input, as a message key the renderer says in the teller's language
 * (`tIssue`), with its values. The same keys serve the renderer's own checks (a form validated as it is typed) and
 * the core's answers (a call refused with `issues`), so a teller reads one text for one problem in either language.
 * A unit test holds this list against both catalogs.
 */
export const ISSUE_KEYS = [
  'issue.invalid',
  // A form field of a catalog item ({label} is the field's label).
  'issue.field.required',
  'issue.field.unknown',
  'issue.field.amount',
  'issue.field.amountMin',
  'issue.field.amountMax',
  'issue.field.integer',
  'issue.field.min',
  'issue.field.max',
  'issue.field.format',
  'issue.field.maxLength',
  'issue.field.idFormat',
  'issue.field.idBirthDate',
  'issue.field.idCheckDigit',
  'issue.field.creditCode',
  'issue.field.mobile',
  'issue.field.phone',
  'issue.field.date',
  'issue.field.month',
  'issue.field.bankCard',
  'issue.field.enum',
  // A certificate number typed by hand, by its 证件类型.
  'issue.manualId.other',
  'issue.manualId.resident',
  'issue.manualId.foreign',
  'issue.manualId.birthDate',
  'issue.manualId.checkDigit',
  // How the citizen is told the result.
  'issue.feedback.phone',
  'issue.feedback.phoneRequired',
  'issue.feedback.address',
  // Materials of a case.
  'issue.material.missing',
  'issue.material.unknown',
  // The citizen's rating.
  'issue.rating.reasonsRequired',
  'issue.rating.reasonsOnlyBad',
  'issue.rating.reasonsRepeated',
  'issue.rating.unknownReason',
  // Terminal and device settings.
  'issue.config.terminalId',
  'issue.config.branchCode',
  'issue.config.tellerId',
  'issue.config.url',
  'issue.device.idCardPort',
  'issue.device.printerPort',
  'issue.device.printerFile',
  'issue.device.printerHost',
  'issue.device.printerName',
  'issue.device.samePort',
  // People.
  'issue.pin.required',
  // The support page's log filter.
  'issue.logs.since',
  'issue.logs.caseId',
  // Why the day cannot be closed yet ({item} is the case's item name): one per half-done case.
  'issue.closing.draft',
  'issue.closing.attention',
  'issue.closing.defect',
] as const;
export type IssueKey = (typeof ISSUE_KEYS)[number];
export type IssueParams = Record<string, string | number>;

/**
 * One issue of a refused call. `message` is an issue key (ISSUE_KEYS) with its `params`; a check of the contract's
 * schemas that has no key of its own (zod's built-in checks) leaves zod's English text there, which the renderer
 * says as 'issue.invalid'.
 */
export const callIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type CallIssue = z.infer<typeof callIssueSchema>;

/** An issue at `path` with its key and values. */
export function issueAt(path: string, key: IssueKey, params?: IssueParams): CallIssue {
  return params ? { path, message: key, params } : { path, message: key };
}
