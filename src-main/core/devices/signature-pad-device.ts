import { createStuSignaturePad, SignatureError, STU_PRODUCT_IDS, WACOM_VENDOR_ID, type StuSignaturePad } from '../../../native/signature';
import { createHidTransport, type HidTransport } from '../../../native/transports';
import type { DeviceStatus } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { Logger } from '../logging/types';
import { createDeviceState } from './device-state';
import { deviceDetail, signatureErrorDetail } from './device-detail';
import { linkTransport, type TransportLink } from './reconnect';
import { DEFAULT_DEVICE_TIMING, parseUsbId, type DeviceTestResult, type DeviceTiming } from './timing';

type SignaturePadConfig = TerminalConfig['devices']['signaturePad'];

/** Opens a pad's HID transport. The default is node-hid; tests pass the MOCK STU pad (no HID device exists in CI). */
export type OpenHid = (ids: { vendorId: number; productId: number }) => HidTransport;

/** A captured signature as the contract carries it: PNG (base64), its SHA-256, and the number of vector points. */
export interface CapturedSignature {
  pngBase64: string;
  sha256: string;
  points: number;
}

/** Why a capture could not start or finish. `message` is English for support; the UI says it by `code` (device-handlers.ts). */
export class SignatureCaptureError extends Error {
  override readonly name = 'SignatureCaptureError';
  constructor(
    readonly code: 'screen' | 'busy' | 'unavailable' | 'empty' | 'device',
    message: string,
  ) {
    super(message);
  }
}

export interface SignaturePadDevice {
  start(): Promise<void>;
  /** Clears the pad and records until the pen stays lifted for `idleMs` after signing, or `timeoutMs` passes. */
  capture(opts: { timeoutMs: number; idleMs?: number }): Promise<CapturedSignature>;
  test(): Promise<DeviceTestResult>;
  status(): DeviceStatus;
  close(): Promise<void>;
}

/** STU-530 unless configured otherwise. */
const DEFAULT_PAD_USB_ID = `${WACOM_VENDOR_ID.toString(16).padStart(4, '0')}:${STU_PRODUCT_IDS['STU-530'].toString(16).padStart(4, '0')}`;

/**
 * The signature pad: `screen` is the renderer's on-screen pad (nothing to open here, always ready); `hid` is a Wacom
 * STU pad over HID, re-opened with backoff when it is unplugged.
 */
export function createSignaturePadDevice(opts: {
  config: SignaturePadConfig;
  logger: Logger;
  onStatus: () => void;
  timing?: Partial<DeviceTiming>;
  openHid?: OpenHid;
}): SignaturePadDevice {
  const timing = { ...DEFAULT_DEVICE_TIMING, ...opts.timing };
  const log = opts.logger.child({ component: 'device.signaturePad' });
  const screen = opts.config.transport === 'screen';
  const usbId = opts.config.usbId ?? DEFAULT_PAD_USB_ID;
  const cell = createDeviceState('signaturePad', log, opts.onStatus, screen ? 'ready' : 'disconnected');
  let transport: HidTransport | null = null;
  let pad: StuSignaturePad | null = null;
  let link: TransportLink | null = null;
  let capturing = false;

  function need(): { pad: StuSignaturePad; transport: HidTransport } {
    if (screen) throw new SignatureCaptureError('screen', 'the on-screen pad is configured');
    if (!pad || !transport) throw new SignatureCaptureError('unavailable', 'signature pad not started');
    return { pad, transport };
  }

  async function record(p: StuSignaturePad, t: HidTransport, timeoutMs: number, idleMs: number): Promise<void> {
    await new Promise<void>((resolve) => {
      let inked = false;
      let idle: NodeJS.Timeout | null = null;
      const finish = (): void => {
        if (idle) clearTimeout(idle);
        clearTimeout(overall);
        offPoint();
        offClose();
        resolve();
      };
      const overall = setTimeout(finish, timeoutMs);
      const offPoint = p.onPoint((pt) => {
        if (idle) clearTimeout(idle);
        idle = null;
        if (pt.p > 0) inked = true;
        else if (inked) idle = setTimeout(finish, idleMs);
      });
      const offClose = t.onClose((reason) => {
        if (reason) finish();
      });
    });
  }

  return {
    async start() {
      if (screen) return;
      const ids = parseUsbId(usbId);
      const t = opts.openHid ? opts.openHid(ids) : createHidTransport(ids);
      transport = t;
      pad = createStuSignaturePad(t);
      link = linkTransport({
        transport: t,
        timing,
        onOnline: () => cell.set('ready'),
        onOffline: () => cell.set('disconnected', deviceDetail('signaturePad.reconnecting')),
      });
      await link.start();
    },
    async capture({ timeoutMs, idleMs = timing.signatureIdleMs }) {
      const { pad: p, transport: t } = need();
      if (capturing) throw new SignatureCaptureError('busy', 'a signature is being captured');
      if (!link?.online) throw new SignatureCaptureError('unavailable', 'signature pad is disconnected');
      capturing = true;
      cell.set('busy', deviceDetail('signaturePad.signHere'));
      try {
        await p.startCapture();
        await record(p, t, timeoutMs, idleMs);
        const result = await p.finishCapture();
        return { pngBase64: Buffer.from(result.png).toString('base64'), sha256: result.sha256, points: result.points.length };
      } catch (err) {
        if (err instanceof SignatureError) {
          throw new SignatureCaptureError(err.code === 'empty' ? 'empty' : 'device', err.message);
        }
        throw err;
      } finally {
        capturing = false;
        if (link?.online) cell.set('ready');
      }
    },
    async test() {
      if (screen) return { ok: true, detail: deviceDetail('signaturePad.screen') };
      if (!pad) return { ok: false, detail: deviceDetail('signaturePad.notStarted') };
      try {
        const cap = await pad.capability();
        return { ok: true, detail: deviceDetail('signaturePad.ok', { width: cap.screenWidth, height: cap.screenHeight, levels: cap.tabletMaxPressure + 1 }) };
      } catch (err) {
        return { ok: false, detail: signatureErrorDetail(err) };
      }
    },
    status: () => cell.snapshot(screen ? 'screen' : `hid ${transport?.endpoint ?? usbId}`, false),
    async close() {
      link?.stop();
      await pad?.close().catch(() => {});
    },
  };
}
