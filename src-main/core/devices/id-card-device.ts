import { createIdCardReader, SamError, type IdCardData, type IdCardReader } from '../../../native/idcard';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { createSerialTransport, createUsbBulkTransport, type Transport } from '../../../native/transports';
import { deviceTransport, type EmulatedPort } from './emulated-port';
import { deviceDetail, idCardErrorDetail } from './device-detail';
import type { DeviceStatus } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { Logger } from '../logging/types';
import { createDeviceState } from './device-state';
import { linkTransport, type TransportLink } from './reconnect';
import { DEFAULT_DEVICE_TIMING, parseUsbId, type DeviceTestResult, type DeviceTiming } from './timing';

export type SampleCardName = keyof typeof SAMPLE_CARDS;

/** Card placement on an emulated reader (development, training, tests). */
export interface IdCardEmulatorControls {
  place(sample: SampleCardName): void;
  remove(): void;
}

export interface IdCardDevice {
  start(): Promise<void>;
  /**
   * Reads the card on the reader now; null when there is none. Throws the driver's typed error (SamError) on a fault,
   * and SamError 'invalid_card' (counted in the status) when the card's content fails the checks.
   */
  read(): Promise<IdCardData | null>;
  /** Reset-free health check for the settings screen: SAM id and SAM status. */
  test(): Promise<DeviceTestResult>;
  status(): DeviceStatus;
  /** Only for emulated readers: put a sample card on / take it off. */
  emulator: IdCardEmulatorControls | null;
  close(): Promise<void>;
}

/** USB bulk readers without a configured id: the common GA 467 module. */
const DEFAULT_READER_USB_ID = '0400:c35a';

function readerTransport(config: TerminalConfig['devices']['idCard'], path: string | undefined): Transport | null {
  if (config.transport === 'usb') return createUsbBulkTransport(parseUsbId(config.usbId ?? DEFAULT_READER_USB_ID));
  return path ? createSerialTransport({ path, baudRate: config.baudRate }) : null;
}

function transportLabel(config: TerminalConfig['devices']['idCard']): string {
  switch (config.transport) {
    case 'emulated':
      return 'serial (emulated pty)';
    case 'usb':
      return `usb ${config.usbId ?? DEFAULT_READER_USB_ID}`;
    case 'serial':
      return `serial ${config.path ?? ''}`.trim();
  }
}

/**
 * The ID-card reader as the core sees it: the configured serial or USB-bulk reader, or an emulated one that speaks
 * the same SAM protocol on the far end of a socat pty pair, so the real driver code runs either way. A card placed
 * on the reader is delivered once through `onCard`. When the reader is unplugged it goes `disconnected`, and it is
 * re-opened with backoff until it is back; then polling resumes.
 */
export function createIdCardDevice(opts: {
  config: TerminalConfig['devices']['idCard'];
  logger: Logger;
  onCard: (card: IdCardData) => void;
  onStatus: () => void;
  timing?: Partial<DeviceTiming>;
}): IdCardDevice {
  const timing = { ...DEFAULT_DEVICE_TIMING, ...opts.timing };
  const log = opts.logger.child({ component: 'device.idCard' });
  const emulated = opts.config.transport === 'emulated';
  const cell = createDeviceState('idCard', log, opts.onStatus);
  let reader: IdCardReader | null = null;
  let link: TransportLink | null = null;
  let stopPolling: (() => void) | null = null;
  let emulated$: EmulatedPort<IdCardEmulator> | null = null;
  let closed = false;
  let rejectedReads = 0;

  /** A read refused for its content: counted and logged with the names of the failed checks only (no card data). */
  function rejected(err: SamError): void {
    rejectedReads++;
    log.warn({ checks: err.checks, rejectedReads }, 'card read refused: content failed the checks');
    opts.onStatus();
  }

  function startPolling(r: IdCardReader): void {
    stopPolling?.();
    stopPolling = r.startPolling({
      intervalMs: timing.cardPollMs,
      onCard: (card) => opts.onCard(card),
      onRejected: rejected,
      onStatus: (ev) => {
        if (!link?.online) return; // a late answer from before the unplug
        if (ev.state === 'fault') cell.set('fault', idCardErrorDetail(ev.error));
        else if (ev.state === 'reading') cell.set('busy');
        else cell.set('ready');
      },
    });
  }

  const device: IdCardDevice = {
    async start() {
      const opened = await deviceTransport({
        emulated,
        configuredPath: opts.config.path,
        startEmulator: (p) => startIdCardEmulator({ path: p, baudRate: opts.config.baudRate, paceToBaud: false }),
        transportFor: (p) => readerTransport(opts.config, p),
        log,
        what: 'ID-card reader',
        absent: (why) => cell.set('absent', deviceDetail(why === 'emulator' ? 'idCard.emulatorFailed' : 'idCard.notConfigured')),
      });
      if (!opened) return;
      emulated$ = opened.emulated;
      const transport = opened.transport;
      const r = createIdCardReader(transport, { timeoutMs: timing.cardCommandTimeoutMs });
      reader = r;
      link = linkTransport({
        transport,
        timing,
        onOnline: () => {
          if (closed) return;
          cell.set('ready');
          startPolling(r);
        },
        onOffline: () => {
          stopPolling?.();
          stopPolling = null;
          cell.set('disconnected', deviceDetail('idCard.reconnecting'));
        },
      });
      await link.start();
    },
    async read() {
      if (!reader || cell.state === 'absent') {
        throw new SamError('transport', 'no ID-card reader configured');
      }
      if (!link?.online) {
        throw new SamError('transport', 'ID-card reader is disconnected');
      }
      try {
        return await reader.readCard();
      } catch (err) {
        if (err instanceof SamError && err.code === 'invalid_card') rejected(err);
        throw err;
      }
    },
    async test() {
      if (!reader) return { ok: false, detail: cell.detail ?? deviceDetail('idCard.notConfigured') };
      try {
        const samId = await reader.samId();
        await reader.status();
        return { ok: true, detail: deviceDetail('idCard.ok', { samId }) };
      } catch (err) {
        return { ok: false, detail: link?.online ? idCardErrorDetail(err) : deviceDetail('idCard.notConnected', undefined, idCardErrorDetail(err)) };
      }
    },
    status: () => ({ ...cell.snapshot(transportLabel(opts.config), emulated), rejectedReads }),
    emulator: emulated
      ? {
          place: (sample) => emulated$?.emulator.placeCard(SAMPLE_CARDS[sample]),
          remove: () => emulated$?.emulator.removeCard(),
        }
      : null,
    async close() {
      closed = true;
      link?.stop();
      stopPolling?.();
      await reader?.close().catch(() => {});
      await emulated$?.close();
    },
  };
  return device;
}
