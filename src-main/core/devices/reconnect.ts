import type { Transport, TransportError } from '../../../native/transports';

export interface ReconnectTiming {
  /** First retry after a failed open or an unplug. */
  reconnectMinMs: number;
  /** The delay doubles after each failed attempt up to this. */
  reconnectMaxMs: number;
}

export interface TransportLink {
  /** Opens the transport now; when that fails, keeps retrying with backoff in the background. */
  start(): Promise<void>;
  /** True between a successful open and the next unplug. */
  readonly online: boolean;
  /** Stops retrying (does not close the transport: its driver does). Idempotent. */
  stop(): void;
}

/**
 * Hot-plug for one device: watches its transport, and when the transport goes away by itself (unplugged, powered
 * off, cable pulled) reports it offline and re-opens it with exponential backoff until it is back. A close the
 * driver asked for is not an unplug. Drivers may also re-open the transport lazily; the next attempt then simply
 * finds it open.
 */
export function linkTransport(opts: {
  transport: Transport;
  timing: ReconnectTiming;
  onOnline: () => void;
  /** `reason` is the unplug, or the error of a failed (re)open attempt. */
  onOffline: (reason: unknown) => void;
}): TransportLink {
  const { transport, timing } = opts;
  let stopped = false;
  let online = false;
  let timer: NodeJS.Timeout | null = null;
  let delay = timing.reconnectMinMs;

  function schedule(): void {
    if (stopped || timer) return;
    timer = setTimeout(() => void attempt(), delay);
    delay = Math.min(delay * 2, timing.reconnectMaxMs);
  }

  async function attempt(): Promise<void> {
    timer = null;
    if (stopped) return;
    try {
      await transport.open();
    } catch (err) {
      if (stopped) return;
      opts.onOffline(err);
      schedule();
      return;
    }
    if (stopped) return;
    online = true;
    delay = timing.reconnectMinMs;
    opts.onOnline();
  }

  const unsubscribe = transport.onClose((reason: TransportError | null) => {
    if (stopped || !reason) return;
    online = false;
    opts.onOffline(reason);
    schedule();
  });

  return {
    start: () => attempt(),
    get online() {
      return online;
    },
    stop() {
      stopped = true;
      online = false;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribe();
    },
  };
}
