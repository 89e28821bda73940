import type { DeviceDetail } from '../../contract';
import type { ReconnectTiming } from './reconnect';

/** How often devices are probed and retried. The defaults suit a counter; tests shorten them. */
export interface DeviceTiming extends ReconnectTiming {
  /** ID-card reader: how often it looks for a card. */
  cardPollMs: number;
  /** ID-card reader: answer timeout per SAM command. */
  cardCommandTimeoutMs: number;
  /** Printer: how often its real-time status is read while it is idle. */
  printerStatusPollMs: number;
  /** Printer: answer timeout per status byte. */
  printerStatusTimeoutMs: number;
  /** Printer: how often a held job re-checks the printer. */
  printRetryMs: number;
  /** Printer: how long print() waits for a job before answering 'held' (the job stays queued). */
  printWaitMs: number;
  /** Signature pad: the signature is complete when the pen stays lifted this long. */
  signatureIdleMs: number;
}

export const DEFAULT_DEVICE_TIMING: DeviceTiming = {
  reconnectMinMs: 500,
  reconnectMaxMs: 10_000,
  cardPollMs: 400,
  cardCommandTimeoutMs: 2000,
  printerStatusPollMs: 3000,
  printerStatusTimeoutMs: 1000,
  printRetryMs: 500,
  printWaitMs: 8000,
  signatureIdleMs: 2000,
};

/** `0400:c35a` → { vendorId, productId }. */
export function parseUsbId(id: string): { vendorId: number; productId: number } {
  const [v, p] = id.split(':');
  return { vendorId: parseInt(v ?? '', 16), productId: parseInt(p ?? '', 16) };
}

export type DeviceTestResult = { ok: boolean; detail: DeviceDetail };
