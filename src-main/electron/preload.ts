import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi, CallName } from '../contract/api';
import { createPortCalls } from './port-calls';

/**
 * The only bridge between the sandboxed renderer and the core: one function per contract call, over a
 * MessagePort that main hands us (and hands anew when the core restarts). No generic channel is exposed.
 */

const listeners = new Set<(event: string, payload: unknown) => void>();
const calls = createPortCalls((event, payload) => {
  for (const l of listeners) l(event, payload);
});

ipcRenderer.on('onewindow:port', (event) => {
  const next = event.ports[0];
  if (!next) return;
  calls.attach(next);
  for (const l of listeners) l('transport.reconnected', null);
});
ipcRenderer.send('onewindow:hello');

const invoke = (name: CallName, input: unknown) => calls.invoke(name, input);

const api = {
  getSession: (input) => invoke('getSession', input),
  getStatus: (input) => invoke('getStatus', input),
  readCard: (input) => invoke('readCard', input),
  enterApplicant: (input) => invoke('enterApplicant', input),
  searchCatalog: (input) => invoke('searchCatalog', input),
  catalogSearchIndex: (input) => invoke('catalogSearchIndex', input),
  getItem: (input) => invoke('getItem', input),
  submitCase: (input) => invoke('submitCase', input),
  getCase: (input) => invoke('getCase', input),
  listCases: (input) => invoke('listCases', input),
  printReceipt: (input) => invoke('printReceipt', input),
  guidePdf: (input) => invoke('guidePdf', input),
  printGuide: (input) => invoke('printGuide', input),
  qrHandbookPdf: (input) => invoke('qrHandbookPdf', input),
  retrySync: (input) => invoke('retrySync', input),
  log: (input) => invoke('log', input),
  placeEmulatedCard: (input) => invoke('placeEmulatedCard', input),
  saveDraft: (input) => invoke('saveDraft', input),
  loadDraft: (input) => invoke('loadDraft', input),
  discardDraft: (input) => invoke('discardDraft', input),
  applicantHistory: (input) => invoke('applicantHistory', input),
  searchCases: (input) => invoke('searchCases', input),
  resumeCase: (input) => invoke('resumeCase', input),
  supplementCase: (input) => invoke('supplementCase', input),
  withdrawCase: (input) => invoke('withdrawCase', input),
  followUps: (input) => invoke('followUps', input),
  recordInformed: (input) => invoke('recordInformed', input),
  printNotice: (input) => invoke('printNotice', input),
  noticePdf: (input) => invoke('noticePdf', input),
  receiptPdf: (input) => invoke('receiptPdf', input),
  errandCandidates: (input) => invoke('errandCandidates', input),
  createErrandBatch: (input) => invoke('createErrandBatch', input),
  listErrandBatches: (input) => invoke('listErrandBatches', input),
  manifestPdf: (input) => invoke('manifestPdf', input),
  monthlyFigures: (input) => invoke('monthlyFigures', input),
  reportFigures: (input) => invoke('reportFigures', input),
  reportDocument: (input) => invoke('reportDocument', input),
  exportFiguresFile: (input) => invoke('exportFiguresFile', input),
  mergeFigures: (input) => invoke('mergeFigures', input),
  syncQueue: (input) => invoke('syncQueue', input),
  exportUnsent: (input) => invoke('exportUnsent', input),
  readLogs: (input) => invoke('readLogs', input),
  diagnosticsBundle: (input) => invoke('diagnosticsBundle', input),
  setLogLevel: (input) => invoke('setLogLevel', input),
  getTerminalSettings: (input) => invoke('getTerminalSettings', input),
  saveTerminalSettings: (input) => invoke('saveTerminalSettings', input),
  listSerialPorts: (input) => invoke('listSerialPorts', input),
  getDeviceSettings: (input) => invoke('getDeviceSettings', input),
  saveDeviceSettings: (input) => invoke('saveDeviceSettings', input),
  testDevice: (input) => invoke('testDevice', input),
  captureSignature: (input) => invoke('captureSignature', input),
  setPractice: (input) => invoke('setPractice', input),
  practiceItems: (input) => invoke('practiceItems', input),
  startScenario: (input) => invoke('startScenario', input),
  practiceResult: (input) => invoke('practiceResult', input),
  quiz: (input) => invoke('quiz', input),
  answerQuiz: (input) => invoke('answerQuiz', input),
  signOffItem: (input) => invoke('signOffItem', input),
  trainingMatrix: (input) => invoke('trainingMatrix', input),
  itemGate: (input) => invoke('itemGate', input),
  catalogTree: (input) => invoke('catalogTree', input),
  caseReprints: (input) => invoke('caseReprints', input),
  dailyClosing: (input) => invoke('dailyClosing', input),
  closeDay: (input) => invoke('closeDay', input),
  windowState: (input) => invoke('windowState', input),
  signIn: (input) => invoke('signIn', input),
  signOut: (input) => invoke('signOut', input),
  handOver: (input) => invoke('handOver', input),
  listUsers: (input) => invoke('listUsers', input),
  saveUser: (input) => invoke('saveUser', input),
  presentForRating: (input) => invoke('presentForRating', input),
  caseRating: (input) => invoke('caseRating', input),
  ratingTodos: (input) => invoke('ratingTodos', input),
  completeRatingTodo: (input) => invoke('completeRatingTodo', input),
  trainingMatrixPdf: (input) => invoke('trainingMatrixPdf', input),
  trainingMatrixXlsx: (input) => invoke('trainingMatrixXlsx', input),
  trainingFigures: (input) => invoke('trainingFigures', input),
} satisfies BridgeApi;

contextBridge.exposeInMainWorld('onewindow', {
  api,
  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
});
