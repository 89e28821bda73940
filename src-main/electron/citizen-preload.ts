import { contextBridge, ipcRenderer } from 'electron';
import type { CitizenBridgeApi } from '../contract';
import { createPortCalls } from './port-calls';

/**
 * The citizen window's preload (好差评 on the customer display): exactly two functions, show the current case and
 * rate it, over a MessagePort that main hands this window only and that the core serves with the citizen view's
 * dispatcher (which knows no other call). No events, no generic channel, nothing of the teller's bridge.
 */

const calls = createPortCalls();
ipcRenderer.on('onewindow:citizen-port', (event) => {
  const next = event.ports[0];
  if (next) calls.attach(next);
});
ipcRenderer.send('onewindow:citizen-hello');

const api = {
  currentCase: (input) => calls.invoke('currentCase', input),
  rateCase: (input) => calls.invoke('rateCase', input),
} satisfies CitizenBridgeApi;

contextBridge.exposeInMainWorld('onewindowCitizen', api);
