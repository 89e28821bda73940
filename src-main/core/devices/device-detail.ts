import type { DeviceDetail } from '../../contract';
import { SamError, type SamErrorCode } from '../../../native/idcard';
import { PrinterError, printerFault, type PrinterErrorCode, type PrinterFault, type PrinterStatus } from '../../../native/printer';
import { SignatureError, type SignatureErrorCode } from '../../../native/signature';

/**
 * Every detail a device can give the status bar and the settings screen, as the key of its message in the UI's
 * i18n layer (`device.detail.<key>`): the drivers report codes and states, the renderer says them in the teller's
 * language. A unit test holds this list against both message catalogs.
 */
export const DEVICE_DETAIL_KEYS = [
  'idCard.emulatorFailed',
  'idCard.notConfigured',
  'idCard.reconnecting',
  'idCard.notConnected',
  'idCard.ok',
  'idCard.fault',
  'idCard.badChecksum',
  'idCard.timeout',
  'idCard.samStatus',
  'idCard.badResponse',
  'idCard.invalidCard',
  'idCard.transport',
  'idCard.closed',
  'printer.emulatorFailed',
  'printer.notConfigured',
  'printer.reconnecting',
  'printer.unsupported',
  'printer.spoolerNotFound',
  'printer.paperNearEnd',
  'printer.paperOut',
  'printer.coverOpen',
  'printer.cutterError',
  'printer.fault',
  'printer.offline',
  'printer.statusUnknown',
  'printer.timeout',
  'printer.transport',
  'printer.badStatus',
  'printer.closed',
  'printer.interrupted',
  'printer.checkReceipt',
  'printer.testPrinted',
  'printer.testFailed',
  'signaturePad.reconnecting',
  'signaturePad.signHere',
  'signaturePad.screen',
  'signaturePad.notStarted',
  'signaturePad.ok',
  'signaturePad.fault',
  'signaturePad.badReport',
  'signaturePad.transport',
  'signaturePad.notCapturing',
  'signaturePad.empty',
] as const;
export type DeviceDetailKey = (typeof DEVICE_DETAIL_KEYS)[number];

/**
 * One detail: its message key, the values its text names, and what caused it. A cause that has a cause of its own
 * gives its innermost one (the contract nests one level): a test page refused after 打印后打印机报告：缺纸 says 缺纸.
 */
export function deviceDetail(key: DeviceDetailKey, params?: Record<string, string | number>, cause?: DeviceDetail | null): DeviceDetail {
  const root = cause?.cause ?? cause;
  return {
    key: `device.detail.${key}`,
    ...(params ? { params } : {}),
    ...(root ? { cause: { key: root.key, ...(root.params ? { params: root.params } : {}) } } : {}),
  };
}

const SAM: Record<Exclude<SamErrorCode, 'status'>, DeviceDetailKey> = {
  bad_checksum: 'idCard.badChecksum',
  timeout: 'idCard.timeout',
  bad_response: 'idCard.badResponse',
  invalid_card: 'idCard.invalidCard',
  transport: 'idCard.transport',
  closed: 'idCard.closed',
};
const PRINTER: Record<PrinterErrorCode, DeviceDetailKey> = {
  timeout: 'printer.timeout',
  transport: 'printer.transport',
  bad_status: 'printer.badStatus',
  closed: 'printer.closed',
};
const PRINTER_FAULT: Record<PrinterFault, DeviceDetailKey> = {
  paperOut: 'printer.paperOut',
  coverOpen: 'printer.coverOpen',
  cutterError: 'printer.cutterError',
  otherError: 'printer.fault',
  offline: 'printer.offline',
};
const SIGNATURE: Record<SignatureErrorCode, DeviceDetailKey> = {
  bad_report: 'signaturePad.badReport',
  transport: 'signaturePad.transport',
  not_capturing: 'signaturePad.notCapturing',
  empty: 'signaturePad.empty',
};

/** What the ID-card reader's driver reported; a SAM status word is shown by its number (support looks it up). */
export function idCardErrorDetail(err: unknown): DeviceDetail {
  if (!(err instanceof SamError)) return deviceDetail('idCard.fault');
  if (err.code === 'status') return deviceDetail('idCard.samStatus', { code: `0x${(err.sw3 ?? 0).toString(16).padStart(2, '0')}` });
  return deviceDetail(SAM[err.code]);
}

export function printerErrorDetail(err: unknown): DeviceDetail {
  return err instanceof PrinterError ? deviceDetail(PRINTER[err.code]) : deviceDetail('printer.fault');
}

/** Why a printer that answered its status cannot print (the driver's first fault), or null when it can. */
export function printerStatusDetail(s: PrinterStatus): DeviceDetail | null {
  const fault = printerFault(s);
  return fault ? deviceDetail(PRINTER_FAULT[fault]) : null;
}

export function signatureErrorDetail(err: unknown): DeviceDetail {
  return err instanceof SignatureError ? deviceDetail(SIGNATURE[err.code]) : deviceDetail('signaturePad.fault');
}
