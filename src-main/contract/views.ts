import { z } from 'zod';
import { deviceDetailSchema } from './devices';

/** Shapes the core shows the renderer. Personal data here is what a teller needs on screen, masked otherwise. */

export const endpointNameSchema = z.enum(['si', 'tax']);

export const lineStateSchema = z.enum(['up', 'degraded', 'down', 'paused', 'unknown']);
export const lineStatusSchema = z.object({
  line: lineStateSchema,
  unsent: z.number().int().nonnegative(),
  oldestUnsentAgeMs: z.number().nullable(),
  skewMs: z.number().nullable(),
  lastError: z.string().nullable(),
  attention: z.number().int().nonnegative(),
});
export type LineStatus = z.infer<typeof lineStatusSchema>;

export const deviceStateSchema = z.enum(['ready', 'busy', 'fault', 'disconnected', 'absent']);

export const deviceStatusSchema = z.object({
  kind: z.enum(['idCard', 'printer', 'signaturePad']),
  state: deviceStateSchema,
  transport: z.string(),
  emulated: z.boolean(),
  detail: deviceDetailSchema.nullable(),
  /** ID-card reader: card reads refused since start because their content failed the checks. */
  rejectedReads: z.number().int().nonnegative().optional(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

export const statusSnapshotSchema = z.object({
  lines: z.object({ si: lineStatusSchema, tax: lineStatusSchema }),
  devices: z.array(deviceStatusSchema),
  unsent: z.number().int().nonnegative(),
  /** The catalog version in force: a renderer holding an older search index fetches the new one. */
  catalogVersion: z.number().int().min(1),
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;

export const sessionSchema = z.object({
  terminalId: z.string(),
  branchCode: z.string(),
  windowNo: z.number().int(),
  tellerId: z.string(),
  mode: z.enum(['production', 'training', 'development']),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  /** Practice (练习) is on at this window: every screen and print is marked, nothing reaches production. */
  practice: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const applicantViewSchema = z.object({
  applicantId: z.string(),
  cardType: z.enum(['resident', 'hkmo_tw', 'foreign_old', 'foreign_2023', 'manual', 'other']),
  name: z.string(),
  idMasked: z.string(),
  genderText: z.string().nullable(),
  ethnicityText: z.string().nullable(),
  birthDate: z.string().nullable(),
  validTo: z.string().nullable(),
  fromCard: z.boolean(),
  /** 签发机关 as read from the card (null when typed by hand or not on the card). */
  issuer: z.string().nullable().optional(),
  /** The card's photo as a data: URL, only where a WLT decoder is configured. */
  photo: z.string().nullable().optional(),
});
export type ApplicantView = z.infer<typeof applicantViewSchema>;

export const syncStateSchema = z.enum(['local', 'queued', 'synced', 'attention', 'defect']);
export const caseViewSchema = z.object({
  caseId: z.string(),
  rev: z.number().int().positive(),
  itemCode: z.string(),
  itemName: z.string(),
  kind: z.enum(['immediate', 'commitment']),
  endpoint: endpointNameSchema,
  status: z.string(),
  syncState: syncStateSchema,
  caseNo: z.string().nullable(),
  /** 登记编号 (DJ…): the counter's own number, given at intake; what the citizen is told until the back office numbers the case (a refused intake never gets a case number). */
  regNo: z.string().nullable(),
  promisedDate: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  applicantIdMasked: z.string(),
  applicantNameMasked: z.string(),
  acceptedAt: z.string(),
  updatedAt: z.string(),
  attentionReasons: z.array(z.object({ field: z.string().optional(), message: z.string() })).nullable(),
  /** YYYY-MM-DD by which deferred (容缺) materials must be brought. */
  deadline: z.string().nullable(),
  informedAt: z.string().nullable(),
  /** In an errand handover batch (then it cannot be withdrawn). */
  inBatch: z.boolean(),
  /** The citizen's queue ticket number (排队号), if the teller typed or scanned one. */
  queueNo: z.string().nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** A citizen to inform of a result from the back office (follow-up to-do list). */
export const followUpSchema = z.object({
  case: caseViewSchema,
  /** Past the promised date and not finished. */
  overdue: z.boolean(),
  /** Why it is on the list: a result to tell, materials asked for, or overdue. */
  reason: z.enum(['result', 'needs_materials', 'overdue']),
  /** The SMS/phone text prepared for the teller (no ID number). */
  message: z.string(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const errandBatchViewSchema = z.object({
  batchId: z.string(),
  endpoint: z.enum(['si', 'tax']),
  date: z.string(),
  courier: z.string(),
  state: z.enum(['pending', 'sent', 'attention', 'received']),
  batchNo: z.string().nullable(),
  caseIds: z.array(z.string()),
  received: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type ErrandBatchView = z.infer<typeof errandBatchViewSchema>;

/** A document the core made (A4 PDF): the renderer offers it for download / printing through the OS. */
export const documentSchema = z.object({
  fileName: z.string().regex(/^[^/\\]{1,120}$/),
  mime: z.enum(['application/pdf', 'application/json', 'application/zip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
  base64: z.string(),
});
export type DocumentFile = z.infer<typeof documentSchema>;

export const printResultSchema = z.object({ jobId: z.string(), state: z.enum(['printed', 'held']) });

/** One unsent revision in the operator view (no personal data). */
export const queueItemSchema = z.object({
  caseId: z.string(),
  rev: z.number().int(),
  endpoint: z.enum(['si', 'tax']),
  itemCode: z.string(),
  state: z.enum(['pending', 'attention', 'defect']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** Why the server refused this revision (400 malformed, 422 rejected/key_reused): field paths and its messages. */
  reasons: z.array(z.object({ field: z.string().optional(), message: z.string() })),
  createdAt: z.string(),
});
export const queueViewSchema = z.object({ items: z.array(queueItemSchema) });

export const logLineSchema = z.object({
  time: z.string(),
  level: z.string(),
  component: z.string(),
  caseId: z.string().nullable(),
  msg: z.string(),
  /** The line's other fields as compact JSON (already redacted in the file), at most 400 characters. */
  detail: z.string(),
});

/** A month's figures of this terminal, for leadership (cases, immediate share, errands). */
export const monthlyFiguresSchema = z.object({
  month: z.string(),
  branchCode: z.string(),
  /** Training cases are counted apart from live ones: a training terminal reports training figures. */
  training: z.boolean(),
  cases: z.number().int(),
  accepted: z.number().int(),
  notified: z.number().int(),
  withdrawn: z.number().int(),
  immediate: z.number().int(),
  /** immediate / accepted, 0..1 */
  immediateShare: z.number(),
  completedOnSpot: z.number().int(),
  errandBatches: z.number().int(),
  errandCases: z.number().int(),
  byLine: z.object({ si: z.number().int(), tax: z.number().int() }),
  byItem: z.array(z.object({ itemCode: z.string(), itemName: z.string(), cases: z.number().int() })),
});
export type MonthlyFigures = z.infer<typeof monthlyFiguresSchema>;
