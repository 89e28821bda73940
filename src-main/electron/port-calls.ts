import type { PortMessage, PortRequest } from '../contract/api';
import type { CallResult } from '../contract/errors';

/**
 * Calls from a preload to the core over a MessagePort that main hands over (and hands anew when the core restarts):
 * each call is one request answered by id. Calls made before a port exists wait for it; calls sent on a port that is
 * replaced are answered `unavailable` (the core that had them is gone). Used by the teller's and the citizen's preload.
 */
export function createPortCalls(onEvent?: (event: string, payload: unknown) => void) {
  let port: MessagePort | null = null;
  let nextId = 1;
  const pending = new Map<number, (r: CallResult<unknown>) => void>();
  const queued: PortRequest[] = [];

  return {
    attach(next: MessagePort): void {
      const waiting = new Set(queued.map((q) => q.id));
      for (const [id, resolve] of pending) {
        if (waiting.has(id)) continue;
        resolve({ ok: false, error: { code: 'unavailable', message: 'the core restarted; try again', messageKey: 'error.coreUnreachable' } });
        pending.delete(id);
      }
      port?.close();
      port = next;
      port.onmessage = (msg: MessageEvent<PortMessage>) => {
        const data = msg.data;
        if (data.kind === 'result') {
          pending.get(data.id)?.(data.result);
          pending.delete(data.id);
        } else if (data.kind === 'event') onEvent?.(data.event, data.payload);
      };
      port.start();
      for (const req of queued.splice(0)) port.postMessage(req);
    },
    invoke(name: string, input: unknown): Promise<CallResult<never>> {
      return new Promise((resolve) => {
        const req: PortRequest = { kind: 'call', id: nextId++, name, input };
        pending.set(req.id, resolve as (r: CallResult<unknown>) => void);
        if (port) port.postMessage(req);
        else queued.push(req);
      });
    },
  };
}
