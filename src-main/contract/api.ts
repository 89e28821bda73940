import { z } from 'zod';
import type { IssueKey } from './issues';
import type { CallResult } from './errors';
import { uuidSchema as uuid } from './ids';
import { catalogItemSchema, itemCodeSchema, itemSummarySchema } from './catalog';
import { catalogSearchIndexSchema } from './catalog-search';
import { isValidMobile, manualIdProblem } from './validation';
import { ratingTellerCalls } from './rating';
import { configSchema } from './config';
import { catalogMainGroupSchema, chinaDateSchema, dailyClosingSchema, manualIdTypeSchema, queueNoSchema, reprintEntrySchema, withdrawReasonSchema } from './counter';
import { deviceConfigSchema, deviceKindSchema, deviceTestResultSchema, serialPortInfoSchema, signatureResultSchema } from './devices';
import {
  applicantViewSchema,
  caseViewSchema,
  documentSchema,
  errandBatchViewSchema,
  logLineSchema,
  queueViewSchema,
  followUpSchema,
  monthlyFiguresSchema,
  printResultSchema,
  sessionSchema,
  statusSnapshotSchema,
} from './views';
import { gateSchema, itemProgressSchema, practiceItemSchema, practiceRunSchema, quizQuestionSchema, quizResultSchema } from './training';
import { figuresFileInputSchema, mergeResultSchema, reportFiguresSchema, reportPeriodSchema } from './reports';
import { openDraftSchema, pinSchema, saveUserInputSchema, signedInSchema, userIdSchema, userViewSchema, windowStateSchema } from './people';
import { matrixFilterSchema, trainingFiguresSchema } from './training';

/**
 * The one contract between the renderer and the core. Every call and every event is declared here, once.
 * The core validates every incoming call against `calls[name].input` and every answer against `.output`;
 * the Electron preload exposes exactly one function per call; the web host serves exactly these names.
 */

const empty = z.object({}).strict();

export const formValueSchema = z.union([z.string().max(2000), z.number().finite(), z.null()]);

export const materialInputSchema = z
  .object({
    code: z.string().regex(/^M\d{2}$/),
    received: z.boolean(),
    deferred: z.boolean(),
    original: z.number().int().min(0).max(20),
    copies: z.number().int().min(0).max(20),
  })
  .strict();

export const feedbackSchema = z
  .object({
    channel: z.enum(['sms', 'phone', 'courier', 'bank_card', 'pickup']),
    phone: z.string().refine(isValidMobile, 'issue.feedback.phone' satisfies IssueKey).optional(),
    address: z.string().max(200).optional(),
  })
  .strict()
  .refine((f) => f.channel !== 'courier' || (f.address && f.address.length > 0), {
    message: 'issue.feedback.address' satisfies IssueKey,
    path: ['address'],
  })
  .refine((f) => !['sms', 'phone'].includes(f.channel) || !!f.phone, { message: 'issue.feedback.phoneRequired' satisfies IssueKey, path: ['phone'] });

export const signatureInputSchema = z
  .object({
    pngBase64: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(400_000),
    source: z.enum(['pad', 'screen']),
  })
  .strict();

export const submitCaseInputSchema = z
  .object({
    /** Made by the renderer when the intake starts, so that a retried submit cannot create a second case. */
    caseId: uuid,
    /** The applicant's record id (a UUID from enterApplicant), never an ID number or a name. */
    applicantId: uuid,
    itemCode: itemCodeSchema,
    form: z.record(z.string(), formValueSchema),
    materials: z.array(materialInputSchema).max(40),
    feedback: feedbackSchema,
    signature: signatureInputSchema.optional(),
    /** Preliminary-review (初审) notes, kept on the terminal (sealed), not sent. */
    reviewNotes: z.string().max(1000).optional(),
    /** 交叉式: a mentor confirms at the window an item the teller is not yet signed off for (where the branch asks it). */
    cosign: z.object({ mentorId: z.string().regex(/^[A-Z0-9]{2,16}$/), mentorPin: z.string().regex(/^\d{4,12}$/) }).strict().optional(),
    /** The citizen's queue ticket number (排队号), typed or scanned. */
    queueNo: queueNoSchema.optional(),
  })
  .strict();
export type SubmitCaseInput = z.infer<typeof submitCaseInputSchema>;

/** The intake being typed, saved as the teller types so that a restart loses nothing. */
export const draftSchema = z
  .object({
    caseId: uuid,
    // Strict: a field the applicant view does not have is refused, not dropped without a word.
    applicant: applicantViewSchema.strict().nullable(),
    itemCode: itemCodeSchema.nullable(),
    form: z.record(z.string(), formValueSchema),
    materials: z.array(materialInputSchema).max(40),
    feedback: z.object({ channel: z.enum(['sms', 'phone', 'courier', 'bank_card', 'pickup']), phone: z.string().max(20), address: z.string().max(200) }).strict(),
    reviewNotes: z.string().max(1000),
    queueNo: z.string().max(16).optional(),
  })
  .strict();
export type Draft = z.infer<typeof draftSchema>;

export const manualApplicantInputSchema = z
  .object({
    idNumber: z.string().min(1).max(30),
    name: z.string().min(1).max(60),
    /** 证件类型 of a number typed by hand: 居民身份证 (default), 港澳台居民居住证, 外国人永久居留身份证, 其他. */
    idType: manualIdTypeSchema.default('resident'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = manualIdProblem(v.idType, v.idNumber);
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
  });

/** A log line from the renderer; the core writes it through its own logger (redaction at the sink). */
export const logEntrySchema = z
  .object({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
    component: z.string().regex(/^[a-z][a-z0-9.-]{0,39}$/).optional(),
    msg: z.string().max(2000),
    caseId: uuid.optional(),
    stack: z.string().max(8000).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const calls = {
  getSession: call(empty, sessionSchema),
  getStatus: call(empty, statusSnapshotSchema),
  /** Reads the card now (the reader also pushes `cardRead` events by itself when a card is placed). */
  readCard: call(empty, applicantViewSchema.nullable()),
  enterApplicant: call(manualApplicantInputSchema, applicantViewSchema),
  /** The catalog's search index, for the renderer to search key by key itself (the same matcher as searchCatalog). */
  catalogSearchIndex: call(empty, catalogSearchIndexSchema),
  searchCatalog: call(z.object({ query: z.string().max(50), limit: z.number().int().min(1).max(50).default(10) }).strict(), z.array(itemSummarySchema)),
  getItem: call(z.object({ code: z.string().max(20) }).strict(), catalogItemSchema),
  submitCase: call(submitCaseInputSchema, caseViewSchema),
  getCase: call(z.object({ caseId: uuid }).strict(), caseViewSchema),
  listCases: call(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(caseViewSchema)),
  printReceipt: call(z.object({ caseId: uuid, copy: z.boolean().default(false) }).strict(), printResultSchema),
  /** The item's guide (办事指南) as an A4 PDF, and its short version on the receipt printer. */
  guidePdf: call(z.object({ code: itemCodeSchema }).strict(), documentSchema),
  printGuide: call(z.object({ code: itemCodeSchema }).strict(), printResultSchema),
  /** 《办事指南二维码手册》: all 119 guide QR codes grouped by main item, A4 PDF. */
  qrHandbookPdf: call(empty, documentSchema),
  retrySync: call(z.object({ caseId: uuid.optional() }).strict(), z.object({ ok: z.literal(true) })),
  log: call(logEntrySchema, z.object({ ok: z.literal(true) })),
  /** Development and training only, with an emulated reader: puts a sample card on it (or takes it off). */
  placeEmulatedCard: call(
    z.object({ sample: z.enum(['residentLongwan', 'residentLongTerm', 'hkmoTw', 'foreignOld', 'foreign2023']).nullable() }).strict(),
    z.object({ ok: z.literal(true) }),
  ),
  /** Drafts: saved as the teller types, restored after a restart. */
  saveDraft: call(z.object({ draft: draftSchema }).strict(), z.object({ ok: z.literal(true) })),
  loadDraft: call(empty, draftSchema.nullable()),
  discardDraft: call(empty, z.object({ ok: z.literal(true) })),
  /** The applicant's previous and open cases. */
  applicantHistory: call(z.object({ applicantId: uuid }).strict(), z.array(caseViewSchema)),
  /** Worklist search by case number, ID number or name. */
  searchCases: call(z.object({ query: z.string().min(2).max(40) }).strict(), z.array(caseViewSchema)),
  /** A refused (notified) intake completed on the return visit: now the materials are there, it is submitted. */
  resumeCase: call(z.object({ caseId: uuid, materials: z.array(materialInputSchema).max(40) }).strict(), caseViewSchema),
  /** Materials brought later (容缺 or asked for by the back office): a new revision. */
  supplementCase: call(z.object({ caseId: uuid, materials: z.array(materialInputSchema).max(40) }).strict(), caseViewSchema),
  withdrawCase: call(z.object({ caseId: uuid, reason: withdrawReasonSchema }).strict(), caseViewSchema),
  /** Citizens to inform (results, materials asked for, overdue cases). */
  followUps: call(empty, z.array(followUpSchema)),
  recordInformed: call(
    z.object({ caseId: uuid, channel: z.enum(['sms', 'phone', 'courier', 'bank_card', 'pickup']), trackingNo: z.string().max(40).optional(), note: z.string().max(200).optional() }).strict(),
    caseViewSchema,
  ),
  /** Documents of a case: the one-time notice (thermal and A4) and the A4 acceptance receipt. */
  printNotice: call(z.object({ caseId: uuid, copy: z.boolean().default(false) }).strict(), printResultSchema),
  noticePdf: call(z.object({ caseId: uuid }).strict(), documentSchema),
  receiptPdf: call(z.object({ caseId: uuid, copy: z.boolean().default(false) }).strict(), documentSchema),
  /** Errands (代跑腿): today's non-immediate cases to hand over, batches, the handover manifest. */
  errandCandidates: call(empty, z.array(caseViewSchema)),
  createErrandBatch: call(z.object({ courier: z.string().min(2).max(60) }).strict(), z.array(errandBatchViewSchema)),
  listErrandBatches: call(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(), z.array(errandBatchViewSchema)),
  manifestPdf: call(z.object({ batchId: uuid, copy: z.boolean().default(false) }).strict(), documentSchema),
  /** The month's figures for leadership (YYYY-MM, China calendar). */
  monthlyFigures: call(z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict(), monthlyFiguresSchema),
  /** 报表: this terminal's figures for a period (China days), the report as PDF / .xlsx, its signed figures file. */
  reportFigures: call(z.object({ period: reportPeriodSchema }).strict(), reportFiguresSchema),
  reportDocument: call(z.object({ period: reportPeriodSchema, format: z.enum(['pdf', 'xlsx']) }).strict(), documentSchema),
  exportFiguresFile: call(z.object({ period: reportPeriodSchema }).strict(), documentSchema),
  /** Merges terminals' figures files (a file that does not check is refused by name); optionally as PDF / .xlsx. */
  mergeFigures: call(
    z.object({ files: z.array(figuresFileInputSchema).min(1).max(200), format: z.enum(['pdf', 'xlsx']).nullable() }).strict(),
    z.object({ merge: mergeResultSchema, document: documentSchema.nullable() }),
  ),
  /** Support: the unsent queue per endpoint, a signed export of it, the terminal's logs, a diagnostics bundle. */
  syncQueue: call(empty, queueViewSchema),
  exportUnsent: call(empty, documentSchema),
  readLogs: call(
    z.object({
      since: z.string().max(40).optional(),
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional(),
      component: z.string().max(60).optional(),
      caseId: z.string().max(40).optional(),
      limit: z.number().int().min(1).max(2000).default(500),
    }).strict(),
    z.array(logLineSchema),
  ),
  diagnosticsBundle: call(empty, documentSchema),
  /** Raises or lowers the log level at run time (no restart), e.g. to debug a line problem for an hour. */
  setLogLevel: call(z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']) }).strict(), z.object({ level: z.string() })),
  /** Terminal settings (branch IT): the first-run screen when no configuration file exists yet, and the admin screen. */
  getTerminalSettings: call(empty, z.object({ configured: z.boolean(), configFile: z.string().nullable(), config: configSchema })),
  saveTerminalSettings: call(z.object({ config: configSchema }).strict(), z.object({ restart: z.enum(['automatic', 'manual']) })),
  /** Device settings (branch IT): serial ports present, the configured devices, a test per device. */
  listSerialPorts: call(empty, z.array(serialPortInfoSchema)),
  getDeviceSettings: call(empty, deviceConfigSchema),
  saveDeviceSettings: call(deviceConfigSchema.strict(), z.object({ ok: z.literal(true) })),
  testDevice: call(z.object({ kind: deviceKindSchema }).strict(), deviceTestResultSchema),
  /** Captures a signature on the hardware pad (the on-screen pad needs no call). */
  captureSignature: call(z.object({ timeoutMs: z.number().int().min(1000).max(180_000).default(60_000) }).strict(), signatureResultSchema),
  /** Practice (练习): switches this window to the practice workspace (its own database, practice endpoint) and back. */
  setPractice: call(z.object({ on: z.boolean() }).strict(), z.object({ practice: z.boolean() })),
  /** The practice bank's items with their scenarios, and where the signed-in teller stands with each. */
  practiceItems: call(empty, z.array(practiceItemSchema)),
  /** Starts a scenario: practice on, the scenario's applicant at the window as if their card had been read. */
  startScenario: call(z.object({ scenarioId: z.string().max(60) }).strict(), z.object({ story: z.string(), applicant: applicantViewSchema })),
  /** The check of a practice case against its scenario: the mistakes, item by item. */
  practiceResult: call(z.object({ caseId: uuid }).strict(), practiceRunSchema),
  /** The knowledge questions of an item (shuffled, without answers) and their scoring. */
  quiz: call(z.object({ itemCode: itemCodeSchema }).strict(), z.array(quizQuestionSchema)),
  answerQuiz: call(z.object({ itemCode: itemCodeSchema, answers: z.record(z.string().max(60), z.number().int().min(0).max(10)) }).strict(), quizResultSchema),
  /** A mentor signs an item off for a teller at this window, proving who they are with their own PIN. */
  signOffItem: call(
    z.object({ tellerId: z.string().regex(/^[A-Z0-9]{2,16}$/), itemCode: itemCodeSchema, mentorId: z.string().regex(/^[A-Z0-9]{2,16}$/), mentorPin: z.string().regex(/^\d{4,12}$/) }).strict(),
    itemProgressSchema,
  ),
  /** The mentor's matrix: every teller's progress on every item they have started. */
  trainingMatrix: call(empty, z.array(itemProgressSchema)),
  /** Whether the signed-in teller may handle an item in production without a warning or a mentor's co-signature. */
  itemGate: call(z.object({ itemCode: itemCodeSchema }).strict(), gateSchema),
  /** At the counter: the 32 main items with their sub-items, listed by 办事指南 before anything is typed. */
  catalogTree: call(empty, z.array(catalogMainGroupSchema)),
  /** Every reprint (补打) of a case's documents: who, when, which document. */
  caseReprints: call(z.object({ caseId: uuid }).strict(), z.array(reprintEntrySchema)),
  /** 日终汇总 of this teller and window for a day (China calendar, today by default), with what blocks closing. */
  dailyClosing: call(z.object({ date: chinaDateSchema.optional() }).strict(), dailyClosingSchema),
  /** Closes the day: refused (conflict, reasons in issues) while a case is half-done; else the A4 sheet to sign. */
  closeDay: call(z.object({ date: chinaDateSchema.optional() }).strict(), documentSchema),
  /** Who is at the window: the signed-in person (or nobody), open drafts, demo people in development. */
  windowState: call(empty, windowStateSchema),
  /** Sign-in with id and PIN; wrong PINs are throttled (a growing wait, then a lock-out). */
  signIn: call(z.object({ userId: userIdSchema, pin: pinSchema }).strict(), signedInSchema),
  signOut: call(empty, z.object({ ok: z.literal(true) })),
  /** Hand-over of the window: lists the drafts still open here and signs out; the next teller signs in. */
  handOver: call(empty, z.object({ openDrafts: z.array(openDraftSchema) })),
  /** Branch admin: the people who may sign in here (from the provisioned file), and adding/changing one (audited). */
  listUsers: call(empty, z.array(userViewSchema)),
  saveUser: call(saveUserInputSchema, z.array(userViewSchema)),
  /** Citizen ratings (好差评): present a case on the citizen view, see its rating, the follow-up to-dos. */
  ...ratingTellerCalls,
  /** The mentor's matrix (tellers × items, filtered) as an A4 PDF and as an .xlsx workbook. */
  trainingMatrixPdf: call(matrixFilterSchema, documentSchema),
  trainingMatrixXlsx: call(matrixFilterSchema, documentSchema),
  /** Progress figures: sign-offs per teller and day, days to 100%, mistakes per item in practice. */
  trainingFigures: call(empty, trainingFiguresSchema),
} as const;

export const events = {
  statusChanged: statusSnapshotSchema,
  cardRead: applicantViewSchema,
  caseUpdated: caseViewSchema,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

/** The API as the renderer sees it: one async function per call. The preload `satisfies` this. */
export type OneWindowApi = { [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>> };

/** Event subscription as the renderer sees it. */
export type EventSubscriber = <N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void) => () => void;

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

/**
 * The API as the Electron preload exposes it: one function per call answering the contract's result envelope
 * (errors cannot cross the context bridge with their type, so they travel as data). The preload `satisfies` this.
 */
export type BridgeApi = { [N in CallName]: (input: CallInput<N>) => Promise<CallResult<CallOutput<N>>> };

/** Messages on the MessagePort between the renderer (preload) and the core process. */
export type PortRequest = { kind: 'call'; id: number; name: string; input: unknown };
export type PortMessage =
  | { kind: 'result'; id: number; result: CallResult<unknown> }
  | { kind: 'event'; event: string; payload: unknown };
