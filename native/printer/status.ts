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

export function isPrintable(s: PrinterStatus): boolean {
  return !s.paperOut && !s.coverOpen && !s.offline && !s.cutterError && !s.otherError;
}

/** Chinese reason for the teller, or null when printable. */
export function statusTextZh(s: PrinterStatus): string | null {
  if (s.paperOut) return '打印机缺纸，请装纸';
  if (s.coverOpen) return '打印机上盖未关好';
  if (s.cutterError) return '打印机切刀故障';
  if (s.otherError) return '打印机故障';
  if (s.offline) return '打印机离线';
  return null;
}
