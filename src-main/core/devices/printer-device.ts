import { randomUUID } from 'node:crypto';
import {
  createPrintQueue, createReceiptPrinter, escpos, isPrintable, PAPER, type PrinterError, type PrinterStatus,
  type PrintQueue, type ReceiptPrinter,
} from '../../../native/printer';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import {
  createFileTransport, createSerialTransport, createTcpTransport, createWindowsSpoolerTransport, TransportError, type Transport,
} from '../../../native/transports';
import { deviceTransport, type EmulatedPort } from './emulated-port';
import type { DeviceDetail, DeviceStatus } from '../../contract';
import { deviceDetail, printerErrorDetail, printerStatusDetail } from './device-detail';
import type { TerminalConfig } from '../config/schema';
import type { Logger } from '../logging/types';
import { createDeviceState } from './device-state';
import { linkTransport, type TransportLink } from './reconnect';
import { DEFAULT_DEVICE_TIMING, type DeviceTestResult, type DeviceTiming } from './timing';

export type PaperWidthName = '58mm' | '80mm';

/** What printing code needs from the receipt printer (the receipt service takes this; the device manager is one). */
export interface PrinterDevice {
  /** Queues a job under a stable id (a second call with the same id never prints again) and waits briefly for it. */
  print(jobId: string, bytes: Uint8Array): Promise<'printed' | 'held'>;
  paperWidth(): PaperWidthName;
}

/** The printer as the device manager owns it. */
export interface ManagedPrinter extends PrinterDevice {
  start(): Promise<void>;
  /** Prints 「打印测试页」 through the queue; a test page that cannot print now is withdrawn, not held. */
  test(): Promise<DeviceTestResult>;
  status(): DeviceStatus;
  close(): Promise<void>;
}

type PrinterConfig = TerminalConfig['devices']['printer'];

function printerTransport(config: PrinterConfig, path: string | undefined): Transport | null {
  switch (config.transport) {
    case 'serial':
    case 'emulated':
      return path ? createSerialTransport({ path, baudRate: config.baudRate }) : null;
    case 'tcp':
      return config.host ? createTcpTransport({ host: config.host, port: config.port ?? 9100 }) : null;
    case 'file':
      return path ? createFileTransport({ path }) : null;
    case 'spooler':
      return config.printerName ? createWindowsSpoolerTransport({ printerName: config.printerName }) : null;
  }
}

/** Why the printer is not connected, for the status bar and the settings screen (no personal data). */
/** Why a job is held: the printer's status, or its error when it did not answer. */
function heldDetail(ev: { status?: PrinterStatus; error?: PrinterError }): DeviceDetail {
  if (ev.status) return printerStatusDetail(ev.status) ?? deviceDetail('printer.statusUnknown');
  return printerErrorDetail(ev.error);
}

/** Why a job's outcome is unknown: the write broke off, or the printer reported a fault right after it. */
function uncertainDetail(ev: { stage: 'during' | 'after'; status?: PrinterStatus; error?: PrinterError }): DeviceDetail {
  if (ev.stage === 'during') return deviceDetail('printer.interrupted');
  return deviceDetail('printer.checkReceipt', undefined, ev.status || ev.error ? heldDetail(ev) : deviceDetail('printer.statusUnknown'));
}

function offlineDetail(config: PrinterConfig, reason: unknown): DeviceDetail {
  const code = reason instanceof TransportError ? reason.code : undefined;
  if (code === 'unsupported') return deviceDetail('printer.unsupported');
  if (code === 'not_found' && config.transport === 'spooler') return deviceDetail('printer.spoolerNotFound', { name: config.printerName ?? '' });
  return deviceDetail('printer.reconnecting');
}

function transportLabel(config: PrinterConfig): string {
  switch (config.transport) {
    case 'emulated':
      return 'serial (emulated pty)';
    case 'tcp':
      return `tcp ${config.host ?? ''}:${config.port ?? 9100}`;
    case 'spooler':
      return `Windows spooler ${config.printerName ?? ''}`.trim();
    default:
      return `${config.transport} ${config.path ?? ''}`.trim();
  }
}

/** The test page: large title, the connection and paper width, a cut. No personal data. */
export function testPageBytes(paper: PaperWidthName, connection: string, at: Date): Uint8Array {
  return escpos()
    .init()
    .align('center')
    .size(2, 2)
    .bold()
    .line('打印测试页')
    .bold(false)
    .size(1, 1)
    .line('一窗通 社税银一体化便民服务')
    .align('left')
    .line(`纸宽：${paper}`)
    .wrapped(`连接：${connection}`, PAPER[paper].columns, '      ')
    .line(`时间：${at.toLocaleString('zh-CN', { hour12: false })}`)
    .line('中文打印正常：社保 医保 税务')
    .feed(3)
    .cut({ partial: true })
    .build();
}

/**
 * The receipt printer as the core sees it: the configured printer (serial, raw TCP 9100 or a USB printer device
 * file), or an emulated one on the far end of a socat pty pair. Jobs go through the native print queue, which holds
 * a job while the printer cannot print and prints it exactly once when it can. While idle, the printer's real-time
 * status is read periodically (paper out / cover open show as `fault` and clear by themselves); when the printer
 * goes away it is `disconnected` and re-opened with backoff.
 */
export function createPrinterDevice(opts: {
  config: PrinterConfig;
  logger: Logger;
  onStatus: () => void;
  timing?: Partial<DeviceTiming>;
}): ManagedPrinter {
  const timing = { ...DEFAULT_DEVICE_TIMING, ...opts.timing };
  const log = opts.logger.child({ component: 'device.printer' });
  const emulated = opts.config.transport === 'emulated';
  const cell = createDeviceState('printer', log, opts.onStatus);
  const paper: PaperWidthName = opts.config.paperWidthMm === 58 ? '58mm' : '80mm';
  let emulated$: EmulatedPort<PrinterEmulator> | null = null;
  let printer: ReceiptPrinter | null = null;
  let queue: PrintQueue | null = null;
  let link: TransportLink | null = null;
  let printing = false;
  let pollTimer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const waiters = new Map<string, (r: 'printed' | 'held') => void>();

  function settle(jobId: string, result: 'printed' | 'held'): void {
    waiters.get(jobId)?.(result);
    waiters.delete(jobId);
  }

  async function probe(): Promise<void> {
    if (!printer || !link?.online || printing) return;
    try {
      const s = await printer.status();
      if (!link.online || printing) return;
      if (isPrintable(s)) cell.set('ready', s.paperNearEnd ? deviceDetail('printer.paperNearEnd') : null);
      else cell.set('fault', printerStatusDetail(s));
    } catch (err) {
      if (!link.online || printing) return;
      cell.set('fault', printerErrorDetail(err));
    }
  }

  /**
   * Remembers printer requests in flight, so close() can let them finish first: the driver's answer to a status
   * request cut off by closing the port would never come (nor would its timeout be observed).
   */
  function tracked<T>(p: Promise<T>): Promise<T> {
    const run = p.finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  }

  function schedulePoll(): void {
    if (closed || pollTimer) return;
    pollTimer = setTimeout(() => {
      pollTimer = null;
      void probe().finally(schedulePoll);
    }, timing.printerStatusPollMs);
  }

  function enqueueAndWait(jobId: string, bytes: Uint8Array): Promise<'printed' | 'held'> {
    const q = queue;
    if (!q) return Promise.resolve('held');
    if (q.get(jobId)?.state === 'done') return Promise.resolve('printed');
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(jobId, 'held'), timing.printWaitMs);
      waiters.set(jobId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      q.enqueue(bytes, { jobId });
    });
  }

  return {
    async start() {
      const opened = await deviceTransport({
        emulated,
        configuredPath: opts.config.path,
        startEmulator: (p) => startPrinterEmulator({ path: p, baudRate: opts.config.baudRate }),
        transportFor: (p) => printerTransport(opts.config, p),
        log,
        what: 'printer',
        absent: (why) => cell.set('absent', deviceDetail(why === 'emulator' ? 'printer.emulatorFailed' : 'printer.notConfigured')),
      });
      if (!opened) return;
      emulated$ = opened.emulated;
      const transport = opened.transport;
      const driver = createReceiptPrinter(transport, { timeoutMs: timing.printerStatusTimeoutMs });
      const p: ReceiptPrinter = {
        status: () => tracked(driver.status()),
        print: (bytes) => tracked(driver.print(bytes)),
        close: () => driver.close(),
      };
      printer = p;
      queue = createPrintQueue({
        printer: p,
        retryIntervalMs: timing.printRetryMs,
        onEvent: (ev) => {
          if (ev.type === 'printing') {
            printing = true;
            cell.set('busy');
          } else if (ev.type === 'done') {
            printing = false;
            cell.set('ready');
            settle(ev.jobId, 'printed');
          } else if (ev.type === 'held') {
            if (link?.online) cell.set('fault', heldDetail(ev));
            settle(ev.jobId, 'held');
          } else if (ev.type === 'uncertain') {
            printing = false;
            cell.set('fault', uncertainDetail(ev));
            settle(ev.jobId, 'held');
          } else if (ev.type === 'cancelled') {
            settle(ev.jobId, 'held');
          }
        },
      });
      link = linkTransport({
        transport,
        timing,
        onOnline: () => {
          if (closed) return;
          cell.set('ready');
          void probe();
        },
        onOffline: (reason) => {
          printing = false;
          cell.set('disconnected', offlineDetail(opts.config, reason));
        },
      });
      await link.start();
      schedulePoll();
    },
    print: enqueueAndWait,
    async test() {
      if (!queue) return { ok: false, detail: cell.detail ?? deviceDetail('printer.notConfigured') };
      const jobId = `test-page-${randomUUID()}`;
      const result = await enqueueAndWait(jobId, testPageBytes(paper, transportLabel(opts.config), new Date()));
      if (result === 'printed') return { ok: true, detail: deviceDetail('printer.testPrinted') };
      // Not connected: the connection's reason says more than the held job's ("连接故障").
      const job = queue.get(jobId);
      const why = (cell.state === 'disconnected' ? cell.detail : undefined) ?? (job?.state === 'held' ? heldDetail(job) : undefined) ?? cell.detail ?? deviceDetail('printer.timeout');
      queue.cancel(jobId); // a test page is not worth printing later by surprise
      return { ok: false, detail: deviceDetail('printer.testFailed', undefined, why) };
    },
    paperWidth: () => paper,
    status: () => cell.snapshot(transportLabel(opts.config), emulated),
    async close() {
      closed = true;
      link?.stop();
      if (pollTimer) clearTimeout(pollTimer);
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => (giveUp = setTimeout(r, 4 * timing.printerStatusTimeoutMs + 500)))]);
      clearTimeout(giveUp);
      queue?.close();
      for (const id of [...waiters.keys()]) settle(id, 'held');
      await printer?.close().catch(() => {});
      await emulated$?.close();
    },
  };
}
