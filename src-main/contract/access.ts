import type { CallName } from './api';
import type { Role } from './people';

/**
 * The one role table: what each role may call. The core's dispatcher checks it for every call before the input is
 * even parsed (core/people/access.ts); the renderer asks the same table (mayCall) so that it neither shows nor calls
 * what a role would be refused. Every call of the contract must appear here (a
 * new call without a line is a type error), so nothing is reachable by default.
 *
 *   'anyone'    — also before sign-in (the sign-in screen, the status bar, the renderer's log lines)
 *   'signedIn'  — any signed-in person, whatever their role
 *   Role[]      — only a signed-in person holding one of these roles
 */
export type Access = 'anyone' | 'signedIn' | readonly Role[];

const WINDOW: readonly Role[] = ['teller', 'mentor'];
const ADMIN: readonly Role[] = ['branch_admin'];
const SUPPORT: readonly Role[] = ['support'];
const FIGURES: readonly Role[] = ['teller', 'mentor', 'branch_admin'];

export const ROLE_TABLE: Record<CallName, Access> = {
  // who is at the window
  windowState: 'anyone',
  signIn: 'anyone',
  signOut: 'signedIn',
  handOver: 'signedIn',
  listUsers: ADMIN,
  saveUser: ADMIN,
  // the terminal as a whole
  getSession: 'anyone',
  getStatus: 'anyone',
  log: 'anyone',
  // the catalog and guides: anyone signed in may look things up
  searchCatalog: 'signedIn',
  catalogSearchIndex: 'signedIn',
  getItem: 'signedIn',
  guidePdf: 'signedIn',
  printGuide: 'signedIn',
  qrHandbookPdf: 'signedIn',
  // casework at the window
  readCard: WINDOW,
  enterApplicant: WINDOW,
  submitCase: WINDOW,
  getCase: WINDOW,
  listCases: WINDOW,
  printReceipt: WINDOW,
  retrySync: WINDOW,
  placeEmulatedCard: WINDOW,
  saveDraft: WINDOW,
  loadDraft: WINDOW,
  discardDraft: WINDOW,
  applicantHistory: WINDOW,
  searchCases: WINDOW,
  resumeCase: WINDOW,
  supplementCase: WINDOW,
  withdrawCase: WINDOW,
  followUps: WINDOW,
  recordInformed: WINDOW,
  printNotice: WINDOW,
  noticePdf: WINDOW,
  receiptPdf: WINDOW,
  errandCandidates: WINDOW,
  createErrandBatch: WINDOW,
  listErrandBatches: WINDOW,
  manifestPdf: WINDOW,
  captureSignature: WINDOW,
  // figures for leadership
  monthlyFigures: FIGURES,
  // support: the queue, the unsent export, logs, diagnostics
  syncQueue: ['support', 'branch_admin'],
  exportUnsent: SUPPORT,
  readLogs: SUPPORT,
  diagnosticsBundle: SUPPORT,
  setLogLevel: SUPPORT,
  // branch IT: settings, mode, endpoints, devices
  getTerminalSettings: ADMIN,
  saveTerminalSettings: ADMIN,
  listSerialPorts: ADMIN,
  getDeviceSettings: ADMIN,
  saveDeviceSettings: ADMIN,
  testDevice: ADMIN,
  // at the counter: the catalog tree, reprints, the day's closing sheet
  catalogTree: 'signedIn',
  caseReprints: WINDOW,
  dailyClosing: WINDOW,
  closeDay: WINDOW,
  // practice (练习) and mentor training: the mentor signs off by their own PIN at the window
  setPractice: WINDOW,
  practiceItems: WINDOW,
  startScenario: WINDOW,
  practiceResult: WINDOW,
  quiz: WINDOW,
  answerQuiz: WINDOW,
  itemGate: WINDOW,
  signOffItem: 'signedIn',
  trainingMatrix: ['mentor', 'branch_admin'],
  trainingMatrixPdf: ['mentor', 'branch_admin'],
  trainingMatrixXlsx: ['mentor', 'branch_admin'],
  trainingFigures: ['mentor', 'branch_admin'],
  // 报表: figures for leadership
  reportFigures: FIGURES,
  reportDocument: FIGURES,
  exportFiguresFile: FIGURES,
  mergeFigures: FIGURES,
  // citizen ratings (好差评): the teller presents a case and sees its rating, never changes it; follow-ups are to-dos
  presentForRating: WINDOW,
  caseRating: WINDOW,
  ratingTodos: WINDOW,
  completeRatingTodo: WINDOW,
};

/** Who is calling: the person signed in at the window, or nobody. */
export interface Caller {
  id: string;
  roles: readonly Role[];
}

export function mayCall(name: CallName, caller: Caller | null): boolean {
  const access = ROLE_TABLE[name];
  if (access === 'anyone') return true;
  if (!caller) return false;
  if (access === 'signedIn') return true;
  return caller.roles.some((r) => access.includes(r));
}

