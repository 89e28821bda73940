import {
  callNames,
  type BridgeApi,
  type CallName,
  type CallResult,
  type EventName,
  type EventPayload,
  type EventSubscriber,
  type OneWindowApi,
} from '../../src-main/contract';

export { ApiError } from './errors';
import { ApiError } from './errors';

/** What the Electron preload puts on `window.onewindow` (see src-main/electron/preload.ts). */
export interface PreloadBridge {
  api: BridgeApi;
  subscribe: (listener: (event: string, payload: unknown) => void) => () => void;
}

declare global {
  interface Window {
    onewindow?: PreloadBridge;
  }
}

type RawCall = (name: CallName, input: unknown) => Promise<CallResult<unknown>>;
type RawSubscribe = (listener: (event: string, payload: unknown) => void) => () => void;

/** The web host: calls over HTTP, events over a WebSocket, both with the per-launch token from the page URL. */
function webTransport(): { call: RawCall; subscribe: RawSubscribe; host: 'web' } {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let socket: WebSocket | null = null;
  let retryMs = 500;

  function connect(): void {
    const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/events?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(wsUrl);
    socket.onopen = () => {
      retryMs = 500;
      for (const l of listeners) l('transport.reconnected', null);
    };
    socket.onmessage = (msg) => {
      const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
      for (const l of listeners) l(event, payload);
    };
    socket.onclose = () => {
      socket = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  }

  return {
    host: 'web',
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(`/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'the terminal core cannot be reached', messageKey: 'error.coreUnreachable' } };
      }
      return (await res.json()) as CallResult<unknown>;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
  };
}

function electronTransport(bridge: PreloadBridge): { call: RawCall; subscribe: RawSubscribe; host: 'electron' } {
  return { host: 'electron', call: (name, input) => (bridge.api[name] as (i: unknown) => Promise<CallResult<unknown>>)(input), subscribe: bridge.subscribe };
}

const transport = window.onewindow ? electronTransport(window.onewindow) : webTransport();

/** The typed API: one async function per contract call; a failed call throws ApiError. */
export const api = Object.fromEntries(
  callNames.map((name) => [
    name,
    async (input: unknown) => {
      const result = await transport.call(name, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    },
  ]),
) as unknown as OneWindowApi;

export const subscribe: EventSubscriber = <N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void) =>
  transport.subscribe((event, payload) => {
    if (event === name) listener(payload as EventPayload<N>);
  });

/** Called when the event channel reconnects, so stores can refresh what they may have missed. */
export function onReconnect(listener: () => void): () => void {
  return transport.subscribe((event) => {
    if (event === 'transport.reconnected') listener();
  });
}

export const transportHost = transport.host;
