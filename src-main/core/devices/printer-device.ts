import { createPrintQueue, createReceiptPrinter, type PrintQueue, type ReceiptPrinter } from '../../../native/printer';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import { createFileTransport, createPtyPair, createSerialTransport, createTcpTransport, type PtyPair, type Transport } from '../../../native/transports';
import type { DeviceStatus } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { Logger } from '../logging/types';

export interface PrinterDevice {
  start(): Promise<void>;
  /** Queues a job under a stable id (a second call with the same id never prints again) and waits briefly for it. */
  print(jobId: string, bytes: Uint8Array): Promise<'printed' | 'held'>;
  paperWidth(): '58mm' | '80mm';
  status(): DeviceStatus;
  close(): Promise<void>;
}

const WAIT_MS = 8000;

function transportFor(config: TerminalConfig['devices']['printer'], path: string | undefined): Transport | null {
  switch (config.transport) {
    case 'serial':
    case 'emulated':
      return path ? createSerialTransport({ path, baudRate: config.baudRate }) : null;
    case 'tcp':
      return config.host ? createTcpTransport({ host: config.host, port: config.port ?? 9100 }) : null;
    case 'file':
      return path ? createFileTransport({ path }) : null;
  }
}

/**
 * The receipt printer as the core sees it: the configured printer (serial, raw TCP 9100 or a USB printer device
 * file), or an emulated one on the far end of a socat pty pair. Jobs go through the native print queue, which holds
 * a job while the printer cannot print and prints it exactly once when it can.
 */
export function createPrinterDevice(opts: {
  config: TerminalConfig['devices']['printer'];
  logger: Logger;
  onStatus: () => void;
}): PrinterDevice {
  const log = opts.logger.child({ component: 'device.printer' });
  const emulated = opts.config.transport === 'emulated';
  let pair: PtyPair | null = null;
  let emulator: PrinterEmulator | null = null;
  let printer: ReceiptPrinter | null = null;
  let queue: PrintQueue | null = null;
  let state: DeviceStatus['state'] = 'disconnected';
  let detail: string | null = null;
  const waiters = new Map<string, (r: 'printed' | 'held') => void>();

  function setState(next: DeviceStatus['state'], nextDetail: string | null = null): void {
    if (next === state && nextDetail === detail) return;
    state = next;
    detail = nextDetail;
    log.info({ state, detail }, 'printer state');
    opts.onStatus();
  }

  function settle(jobId: string, result: 'printed' | 'held'): void {
    waiters.get(jobId)?.(result);
    waiters.delete(jobId);
  }

  return {
    async start() {
      let path = opts.config.path;
      if (emulated) {
        try {
          pair = await createPtyPair();
          emulator = await startPrinterEmulator({ path: pair.b, baudRate: opts.config.baudRate });
          path = pair.a;
        } catch (err) {
          setState('absent', `emulator unavailable: ${(err as Error).message}`);
          return;
        }
      }
      const transport = transportFor(opts.config, path);
      if (!transport) {
        setState('absent', 'no printer configured');
        return;
      }
      printer = createReceiptPrinter(transport);
      queue = createPrintQueue({
        printer,
        onEvent: (ev) => {
          if (ev.type === 'printing') setState('busy');
          else if (ev.type === 'done') {
            setState('ready');
            settle(ev.jobId, 'printed');
          } else if (ev.type === 'held') {
            setState('fault', ev.reason);
            settle(ev.jobId, 'held');
          } else if (ev.type === 'uncertain') {
            setState('fault', ev.reason);
            settle(ev.jobId, 'held');
          }
        },
      });
      setState('ready');
    },
    print(jobId, bytes) {
      if (!queue) return Promise.resolve('held');
      const known = queue.get(jobId);
      if (known?.state === 'done') return Promise.resolve('printed');
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle(jobId, 'held'), WAIT_MS);
        waiters.set(jobId, (r) => {
          clearTimeout(timer);
          resolve(r);
        });
        queue!.enqueue(bytes, { jobId });
      });
    },
    paperWidth: () => (opts.config.paperWidthMm === 58 ? '58mm' : '80mm'),
    status: () => ({
      kind: 'printer',
      state,
      transport: emulated ? 'serial (emulated pty)' : `${opts.config.transport} ${opts.config.path ?? opts.config.host ?? ''}`.trim(),
      emulated,
      detail,
    }),
    async close() {
      queue?.close();
      for (const id of [...waiters.keys()]) settle(id, 'held');
      await printer?.close().catch(() => {});
      await emulator?.close().catch(() => {});
      await pair?.close();
    },
  };
}
