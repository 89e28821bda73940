import { createIdCardReader, type IdCardData, type IdCardReader } from '../../../native/idcard';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { createPtyPair, createSerialTransport, type PtyPair } from '../../../native/transports';
import type { DeviceStatus } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { Logger } from '../logging/types';

export interface IdCardDevice {
  start(): Promise<void>;
  /** Reads the card on the reader now; null when there is none. Throws the driver's typed error on a fault. */
  read(): Promise<IdCardData | null>;
  status(): DeviceStatus;
  /** Only for emulated readers (development, training, tests): put a sample card on / take it off. */
  emulator: { place(sample: keyof typeof SAMPLE_CARDS): void; remove(): void } | null;
  close(): Promise<void>;
}

/**
 * The ID-card reader as the core sees it: the configured serial reader, or an emulated one that speaks the same SAM
 * protocol on the far end of a socat pty pair, so the real driver code runs either way. A card placed on the reader
 * is delivered once through `onCard`.
 */
export function createIdCardDevice(opts: {
  config: TerminalConfig['devices']['idCard'];
  logger: Logger;
  onCard: (card: IdCardData) => void;
  onStatus: () => void;
}): IdCardDevice {
  const log = opts.logger.child({ component: 'device.idCard' });
  const emulated = opts.config.transport === 'emulated';
  let reader: IdCardReader | null = null;
  let stopPolling: (() => void) | null = null;
  let pair: PtyPair | null = null;
  let emulator: IdCardEmulator | null = null;
  let state: DeviceStatus['state'] = 'disconnected';
  let detail: string | null = null;

  function setState(next: DeviceStatus['state'], nextDetail: string | null = null): void {
    if (next === state && nextDetail === detail) return;
    state = next;
    detail = nextDetail;
    log.info({ state, detail }, 'ID-card reader state');
    opts.onStatus();
  }

  const device: IdCardDevice = {
    async start() {
      let path = opts.config.path;
      if (emulated) {
        try {
          pair = await createPtyPair();
          emulator = await startIdCardEmulator({ path: pair.b, baudRate: opts.config.baudRate, paceToBaud: false });
          path = pair.a;
        } catch (err) {
          setState('absent', `emulator unavailable: ${(err as Error).message}`);
          return;
        }
      }
      if (!path) {
        setState('absent', 'no port configured');
        return;
      }
      reader = createIdCardReader(createSerialTransport({ path, baudRate: opts.config.baudRate }));
      setState('ready');
      stopPolling = reader.startPolling({
        intervalMs: 400,
        onCard: (card) => opts.onCard(card),
        onStatus: (ev) => {
          if (ev.state === 'fault') setState('fault', ev.error.message);
          else if (ev.state === 'reading') setState('busy');
          else setState('ready');
        },
      });
    },
    async read() {
      if (!reader) return null;
      return reader.readCard();
    },
    status: () => ({ kind: 'idCard', state, transport: emulated ? 'serial (emulated pty)' : `serial ${opts.config.path ?? ''}`, emulated, detail }),
    emulator: emulated
      ? {
          place: (sample) => emulator?.placeCard(SAMPLE_CARDS[sample]),
          remove: () => emulator?.removeCard(),
        }
      : null,
    async close() {
      stopPolling?.();
      await reader?.close().catch(() => {});
      await emulator?.close().catch(() => {});
      await pair?.close();
    },
  };
  return device;
}
