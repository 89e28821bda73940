import { createPtyPair, type PtyPair, type Transport } from '../../../native/transports';
import type { Logger } from '../logging/types';

export interface EmulatedPort<E> {
  pair: PtyPair;
  emulator: E;
  /** The pty end the driver opens as its serial port. */
  path: string;
  close(): Promise<void>;
}

/**
 * An emulated device on the far end of a socat pty pair, so the real driver runs against it over a real serial
 * port. Null (logged) when it cannot start, e.g. without socat.
 */
export async function startEmulatedPort<E extends { close(): Promise<void> }>(
  start: (emulatorPath: string) => Promise<E>,
  log: Logger,
  what: string,
): Promise<EmulatedPort<E> | null> {
  let pair: PtyPair | null = null;
  try {
    pair = await createPtyPair();
    const emulator = await start(pair.b);
    const p = pair;
    return {
      pair: p,
      emulator,
      path: p.a,
      async close() {
        await emulator.close().catch(() => {});
        await p.close();
      },
    };
  } catch (err) {
    await pair?.close();
    log.warn({ device: what, err }, 'device emulator could not start');
    return null;
  }
}

/**
 * The transport a device's driver opens: the configured port, or the emulator's pty end when the device is emulated.
 * Null when there is none (the device is then `absent`, with `why` in Chinese for the status bar).
 */
export async function deviceTransport<E extends { close(): Promise<void> }>(opts: {
  emulated: boolean;
  configuredPath: string | undefined;
  startEmulator: (emulatorPath: string) => Promise<E>;
  transportFor: (path: string | undefined) => Transport | null;
  log: Logger;
  what: string;
  absent: (why: 'emulator' | 'unconfigured') => void;
}): Promise<{ transport: Transport; emulated: EmulatedPort<E> | null } | null> {
  let path = opts.configuredPath;
  let emulated: EmulatedPort<E> | null = null;
  if (opts.emulated) {
    emulated = await startEmulatedPort(opts.startEmulator, opts.log, opts.what);
    if (!emulated) {
      opts.absent('emulator');
      return null;
    }
    path = emulated.path;
  }
  const transport = opts.transportFor(path);
  if (!transport) {
    opts.absent('unconfigured');
    return null;
  }
  return { transport, emulated };
}
