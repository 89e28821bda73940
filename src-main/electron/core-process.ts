/// <reference types="electron" />
import path from 'node:path';
import type { PortMessage, PortRequest } from '../contract/api';
import type { Core } from '../core/core';
import { installCrashHandlers } from '../core/logging';
import { readConfigFile, startTerminal, type Terminal } from '../terminal';

/**
 * The core inside Electron's utilityProcess. It never imports `electron`: main hands it the data key and
 * MessagePorts through `process.parentPort`. Calls arrive on a port, are dispatched (validated by the contract)
 * and answered on the same port; events go to every connected port.
 */

type Port = Electron.MessagePortMain;
const ports = new Set<Port>();
let terminal: Terminal | null = null;
let ready: Promise<Core> | null = null;

/**
 * Serves calls arriving on a port. A teller port gets the whole contract and every event; a citizen port (the customer
 * display's window) only the citizen view's dispatcher (show the current case, rate it) and no events.
 */
function attach(port: Port, channel: 'teller' | 'citizen' = 'teller'): void {
  if (channel === 'teller') ports.add(port);
  port.on('message', (e) => {
    const req = e.data as PortRequest;
    if (!req || req.kind !== 'call' || typeof req.id !== 'number') return;
    void (ready ?? Promise.reject(new Error('core not started')))
      .then((core) => (channel === 'citizen' ? core.citizenDispatch : core.dispatch)(req.name, req.input))
      .catch(() => ({ ok: false as const, error: { code: 'unavailable' as const, message: 'the core is starting', messageKey: 'error.coreUnreachable' } }))
      .then((result) => port.postMessage({ kind: 'result', id: req.id, result } satisfies PortMessage));
  });
  port.on('close', () => ports.delete(port));
  port.start();
}

process.parentPort.on('message', (e) => {
  const msg = e.data as { type: string; dataKey?: string };
  if (msg.type === 'init' && !ready && msg.dataKey) {
    const dataDir = process.env.ONEWINDOW_DATA_DIR ?? path.resolve('data');
    ready = startTerminal({
      config: readConfigFile(process.env.ONEWINDOW_CONFIG),
      dataDir,
      dataKey: Buffer.from(msg.dataKey, 'base64'),
      host: 'electron',
      configFile: process.env.ONEWINDOW_CONFIG,
    }).then((t) => {
      terminal = t;
      // Uncaught errors are logged with their stack and a crash record; the process exits and main restarts it.
      installCrashHandlers(t.logger, { crashDir: path.join(dataDir, 'logs', 'crashes'), component: 'core' });
      t.core.subscribe((event, payload) => {
        for (const p of ports) p.postMessage({ kind: 'event', event, payload } satisfies PortMessage);
      });
      return t.core;
    });
    ready.catch((err: unknown) => {
      process.stderr.write(`OneWindow core failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
  } else if (msg.type === 'idle?') {
    const id = (msg as { id?: number }).id;
    void (ready ?? Promise.reject(new Error('not started')))
      .then((core) => core.isIdle())
      .catch(() => false)
      .then((idle) => process.parentPort.postMessage({ type: 'idle', id, idle }));
  } else if (msg.type === 'connect' && e.ports[0]) {
    attach(e.ports[0]);
  } else if (msg.type === 'connect-citizen' && e.ports[0]) {
    attach(e.ports[0], 'citizen');
  }
});

process.on('SIGTERM', () => {
  void terminal?.close().finally(() => process.exit(0));
});
