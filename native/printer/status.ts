/**
 * Real-time status (DLE EOT n) answers. Each is one byte with bit 1 and bit 4 set and bits 0 and 7 clear.
 *   n=1 printer:       bit 3 offline
 *   n=2 offline cause: bit 2 cover open, bit 5 stopped by paper end, bit 6 error
 *   n=3 error cause:   bit 3 auto-cutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error
 *   n=4 paper sensor:  bits 2–3 paper near end, bits 5–6 paper end
 */
export interface PrinterStatus {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  offline: boolean;
  cutterError: boolean;
  /** Unrecoverable or auto-recoverable error reported by n=3 (other than the cutter). */
  otherError: boolean;
}

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export function parseStatusBytes(s1: number, s2: number, s3: number, s4: number): PrinterStatus {
  return {
    offline: (s1 & 0x08) !== 0,
    coverOpen: (s2 & 0x04) !== 0,
    paperOut: (s4 & 0x60) !== 0 || (s2 & 0x20) !== 0,
    paperNearEnd: (s4 & 0x0c) !== 0,
    cutterError: (s3 & 0x08) !== 0,
    otherError: (s3 & 0x60) !== 0,
  };
}

/** The four bytes a printer in this state answers (used by the emulator). */
export function encodeStatusBytes(s: Partial<PrinterStatus>): [number, number, number, number] {
  const base = 0x12;
  const offline = s.offline || s.coverOpen || s.paperOut || s.cutterError || s.otherError;
  return [
    base | (offline ? 0x08 : 0),
    base | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.cutterError || s.otherError ? 0x40 : 0),
    base | (s.cutterError ? 0x08 : 0) | (s.otherError ? 0x40 : 0),
    base | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0),
  ];
}


/** Why a printer cannot print, most telling first. */
export type PrinterFault = 'paperOut' | 'coverOpen' | 'cutterError' | 'otherError' | 'offline';
const FAULT_ORDER: readonly PrinterFault[] = ['paperOut', 'coverOpen', 'cutterError', 'otherError', 'offline'];

/** The first fault that applies (paper out before an open cover …), or null when printable. */
export function printerFault(s: PrinterStatus): PrinterFault | null {
  return FAULT_ORDER.find((f) => s[f]) ?? null;
}

const FAULT_ZH: Record<PrinterFault, string> = {
  paperOut: '打印机缺纸，请装纸',
  coverOpen: '打印机上盖未关好',
  cutterError: '打印机切刀故障',
  otherError: '打印机故障',
  offline: '打印机离线',
};

export function isPrintable(s: PrinterStatus): boolean {
  return printerFault(s) === null;
}

/** Chinese reason for the teller, or null when printable. */
export function statusTextZh(s: PrinterStatus): string | null {
  const fault = printerFault(s);
  return fault ? FAULT_ZH[fault] : null;
}
