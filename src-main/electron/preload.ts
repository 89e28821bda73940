import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi, CallName, PortMessage, PortRequest } from '../contract/api';
import type { CallResult } from '../contract/errors';

/**
 * The only bridge between the sandboxed renderer and the core: one function per contract call, over a
 * MessagePort that main hands us (and hands anew when the core restarts). No generic channel is exposed.
 */

let port: MessagePort | null = null;
let nextId = 1;
const pending = new Map<number, (r: CallResult<unknown>) => void>();
const listeners = new Set<(event: string, payload: unknown) => void>();
const queued: PortRequest[] = [];

function failPending(): void {
  for (const [id, resolve] of pending) {
    resolve({ ok: false, error: { code: 'unavailable', message: 'the core restarted; try again', messageKey: 'error.coreUnreachable' } });
    pending.delete(id);
  }
}

ipcRenderer.on('onewindow:port', (event) => {
  const next = event.ports[0];
  if (!next) return;
  failPending();
  port?.close();
  port = next;
  port.onmessage = (msg: MessageEvent<PortMessage>) => {
    const data = msg.data;
    if (data.kind === 'result') {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else if (data.kind === 'event') {
      for (const l of listeners) l(data.event, data.payload);
    }
  };
  port.start();
  for (const req of queued.splice(0)) port.postMessage(req);
  for (const l of listeners) l('transport.reconnected', null);
});
ipcRenderer.send('onewindow:hello');

function invoke(name: CallName, input: unknown): Promise<CallResult<never>> {
  return new Promise((resolve) => {
    const req: PortRequest = { kind: 'call', id: nextId++, name, input };
    pending.set(req.id, resolve as (r: CallResult<unknown>) => void);
    if (port) port.postMessage(req);
    else queued.push(req);
  });
}

const api = {
  getSession: (input) => invoke('getSession', input),
  getStatus: (input) => invoke('getStatus', input),
  readCard: (input) => invoke('readCard', input),
  enterApplicant: (input) => invoke('enterApplicant', input),
  searchCatalog: (input) => invoke('searchCatalog', input),
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
