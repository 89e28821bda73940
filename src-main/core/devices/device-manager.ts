import type { IdCardData } from '../../../native/idcard';
import type { DeviceConfig, DeviceStatus } from '../../contract';
import type { Logger } from '../logging/types';
import type { DeviceKind } from './device-state';
import { createIdCardDevice, type IdCardDevice, type IdCardEmulatorControls } from './id-card-device';
import { createPrinterDevice, type ManagedPrinter, type PaperWidthName, type PrinterDevice } from './printer-device';
import { createSignaturePadDevice, type CapturedSignature, type OpenHid, type SignaturePadDevice } from './signature-pad-device';
import type { DeviceTestResult, DeviceTiming } from './timing';

export interface DeviceManagerOptions {
  /** `config.devices` of the terminal configuration. */
  config: DeviceConfig;
  logger: Logger;
  /** A card placed on the reader, once per placement. */
  onCard: (card: IdCardData) => void;
  /** Some device's status changed (the core then emits `statusChanged`). */
  onStatus: () => void;
  timing?: Partial<DeviceTiming>;
  /** Opens a signature pad's HID transport; default node-hid. Tests pass the MOCK STU pad here. */
  openHid?: OpenHid;
}

export interface DeviceManager extends PrinterDevice {
  /** Opens every configured device (an absent one keeps being retried in the background). */
  start(): Promise<void>;
  /** ID-card reader, printer, signature pad, in that order. */
  statuses(): DeviceStatus[];
  /** The device configuration in force. */
  config(): DeviceConfig;
  /** Applies a new device configuration live: devices whose settings changed are closed and re-created. */
  reconfigure(next: DeviceConfig): Promise<DeviceKind[]>;
  /** Reads the card on the reader now; null when there is none. Throws the driver's SamError on a fault. */
  readCard(): Promise<IdCardData | null>;
  test(kind: DeviceKind): Promise<DeviceTestResult>;
  /** Hardware pad only; throws SignatureCaptureError (code 'screen' for the on-screen pad). */
  captureSignature(opts: { timeoutMs: number; idleMs?: number }): Promise<CapturedSignature>;
  /** Card placement on an emulated reader; null when the reader is real. Follows reconfiguration. */
  readonly emulator: IdCardEmulatorControls | null;
  close(): Promise<void>;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Owns the counter devices the terminal is configured with: the ID-card reader, the receipt printer and the
 * signature pad. Each reports a live status, survives being unplugged (re-opened with backoff) and can be
 * re-created live when branch IT changes its settings.
 */
export function createDeviceManager(opts: DeviceManagerOptions): DeviceManager {
  let config = opts.config;
  const log = opts.logger.child({ component: 'devices' });
  const common = { logger: opts.logger, onStatus: opts.onStatus, timing: opts.timing };

  const makeIdCard = (c: DeviceConfig): IdCardDevice => createIdCardDevice({ ...common, config: c.idCard, onCard: opts.onCard });
  const makePrinter = (c: DeviceConfig): ManagedPrinter => createPrinterDevice({ ...common, config: c.printer });
  const makePad = (c: DeviceConfig): SignaturePadDevice => createSignaturePadDevice({ ...common, config: c.signaturePad, openHid: opts.openHid });

  let idCard = makeIdCard(config);
  let printer = makePrinter(config);
  let pad = makePad(config);
  let changes: Promise<unknown> = Promise.resolve();
  let closed = false;

  const manager: DeviceManager = {
    async start() {
      await Promise.all([idCard.start(), printer.start(), pad.start()]);
    },
    statuses: () => [idCard.status(), printer.status(), pad.status()],
    config: () => config,
    reconfigure(next) {
      const run = async (): Promise<DeviceKind[]> => {
        if (closed) return [];
        const changed: DeviceKind[] = [];
        if (!same(config.idCard, next.idCard)) {
          await idCard.close();
          idCard = makeIdCard(next);
          await idCard.start();
          changed.push('idCard');
        }
        if (!same(config.printer, next.printer)) {
          await printer.close();
          printer = makePrinter(next);
          await printer.start();
          changed.push('printer');
        }
        if (!same(config.signaturePad, next.signaturePad)) {
          await pad.close();
          pad = makePad(next);
          await pad.start();
          changed.push('signaturePad');
        }
        config = next;
        log.info({ changed }, 'device settings applied');
        opts.onStatus();
        return changed;
      };
      const result = changes.then(run, run);
      changes = result.catch(() => undefined);
      return result;
    },
    readCard: () => idCard.read(),
    print: (jobId, bytes) => printer.print(jobId, bytes),
    paperWidth: (): PaperWidthName => printer.paperWidth(),
    test(kind) {
      if (kind === 'idCard') return idCard.test();
      if (kind === 'printer') return printer.test();
      return pad.test();
    },
    captureSignature: (o) => pad.capture(o),
    get emulator() {
      return idCard.emulator;
    },
    async close() {
      closed = true;
      await changes;
      await Promise.all([idCard.close(), printer.close(), pad.close()]);
    },
  };
  return manager;
}
