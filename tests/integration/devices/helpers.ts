import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import { createPtyPair, type PtyPair } from '../../../native/transports';
import type { DeviceStatus } from '../../../src-main/contract';
import type { DeviceTiming } from '../../../src-main/core/devices/timing';

/** Short probes and retries so the suite runs in seconds. */
export const FAST: Partial<DeviceTiming> = {
  reconnectMinMs: 50,
  reconnectMaxMs: 400,
  cardPollMs: 50,
  cardCommandTimeoutMs: 500,
  printerStatusPollMs: 100,
  printerStatusTimeoutMs: 300,
  printRetryMs: 100,
  printWaitMs: 3000,
  signatureIdleMs: 200,
};

export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const stateOf = (statuses: DeviceStatus[], kind: DeviceStatus['kind']): DeviceStatus => statuses.find((s) => s.kind === kind)!;

/**
 * A device on a real socat pty that can be unplugged and plugged back: the terminal is configured with a stable
 * symlink (like /dev/serial/by-id/…) that is re-pointed at a fresh pty pair on each plug.
 */
export interface PluggablePort<E> {
  /** The path the terminal is configured with. */
  readonly path: string;
  /** The emulator on the current pty pair (null while unplugged). */
  readonly emulator: E | null;
  plug(): Promise<E>;
  unplug(): Promise<void>;
  dispose(): Promise<void>;
}

async function pluggable<E extends { close(): Promise<void> }>(name: string, start: (devicePath: string) => Promise<E>): Promise<PluggablePort<E>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'onewindow-devices-'));
  const link = path.join(dir, name);
  let pair: PtyPair | null = null;
  let emulator: E | null = null;
  const port: PluggablePort<E> = {
    path: link,
    get emulator() {
      return emulator;
    },
    async plug() {
      pair = await createPtyPair();
      emulator = await start(pair.b);
      await unlink(link).catch(() => undefined);
      await symlink(pair.a, link);
      return emulator;
    },
    async unplug() {
      await emulator?.close().catch(() => undefined);
      emulator = null;
      await pair?.close();
      pair = null;
    },
    async dispose() {
      await port.unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await port.plug();
  return port;
}

export const pluggableReader = (): Promise<PluggablePort<IdCardEmulator>> =>
  pluggable('reader', (p) => startIdCardEmulator({ path: p, baudRate: 115200, paceToBaud: false }));

export const pluggablePrinter = (): Promise<PluggablePort<PrinterEmulator>> =>
  pluggable('printer', (p) => startPrinterEmulator({ path: p, baudRate: 115200 }));
