import { createPtyPair, type PtyPair } from '../../../native/transports';
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
    log.warn({ err: (err as Error).message }, `${what} emulator could not start`);
    return null;
  }
}
