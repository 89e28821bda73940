import { contextBridge, ipcRenderer } from 'electron';
import type { CitizenBridgeApi, CitizenCallName, PortMessage, PortRequest } from '../contract';
import type { CallResult } from '../contract/errors';

/**
 * The citizen window's preload (好差评 on the customer display): exactly two functions, show the current case and
 * rate it, over a MessagePort that main hands this window only and that the core serves with the citizen view's
 * dispatcher (which knows no other call). No events, no generic channel, nothing of the teller's bridge.
 */

let port: MessagePort | null = null;
let nextId = 1;
const pending = new Map<number, (r: CallResult<unknown>) => void>();
const queued: PortRequest[] = [];

ipcRenderer.on('onewindow:citizen-port', (event) => {
  const next = event.ports[0];
  if (!next) return;
  // Calls sent on the old port are lost with it; calls still queued go on the new one.
  const waiting = new Set(queued.map((q) => q.id));
  for (const [id, resolve] of pending) {
    if (waiting.has(id)) continue;
    resolve({ ok: false, error: { code: 'unavailable', message: 'the core restarted; try again', messageKey: 'error.coreUnreachable' } });
    pending.delete(id);
  }
  port?.close();
  port = next;
  port.onmessage = (msg: MessageEvent<PortMessage>) => {
    if (msg.data.kind !== 'result') return;
    pending.get(msg.data.id)?.(msg.data.result);
    pending.delete(msg.data.id);
  };
  port.start();
  for (const req of queued.splice(0)) port.postMessage(req);
});
ipcRenderer.send('onewindow:citizen-hello');

function invoke(name: CitizenCallName, input: unknown): Promise<CallResult<never>> {
  return new Promise((resolve) => {
    const req: PortRequest = { kind: 'call', id: nextId++, name, input };
    pending.set(req.id, resolve as (r: CallResult<unknown>) => void);
    if (port) port.postMessage(req);
    else queued.push(req);
  });
}

const api = {
  currentCase: (input) => invoke('currentCase', input),
  rateCase: (input) => invoke('rateCase', input),
} satisfies CitizenBridgeApi;

contextBridge.exposeInMainWorld('onewindowCitizen', api);
