import { SignatureError } from './signature-error';

/**
 * Wacom STU-430/530/540 HID protocol, the parts a counter needs. Report ids follow Wacom's STU SDK
 * (also visible in github.com/pabloko/Wacom-STU-WebHID): commands and queries are feature reports,
 * pen samples arrive as input reports. Multi-byte values are big-endian.
 *
 *   pen data (0x01), 6 bytes after the id:  [rdy:1 sw:3 pressure:12] [x:16] [y:16]
 *   pen data with time (0x34), 10 bytes:     the same, then timeCount:16 (ms) and sequence:16
 *   capability (0x09): tabletMaxX, tabletMaxY, tabletMaxPressure, screenWidth, screenHeight (16 bit each),
 *                      maxReportRate (8 bit), resolution (16 bit), …
 */
export const WACOM_VENDOR_ID = 0x056a;

export const STU_REPORT = {
  penData: 0x01,
  status: 0x03,
  reset: 0x04,
  information: 0x08,
  capability: 0x09,
  clearScreen: 0x20,
  inkingMode: 0x21,
  penDataTimeCount: 0x34,
} as const;

export type StuModel = 'STU-430' | 'STU-530' | 'STU-540';

export const STU_PRODUCT_IDS: Record<StuModel, number> = { 'STU-430': 0x00a4, 'STU-530': 0x00a5, 'STU-540': 0x00a8 };

export interface StuCapability {
  tabletMaxX: number;
  tabletMaxY: number;
  tabletMaxPressure: number;
  screenWidth: number;
  screenHeight: number;
  maxReportRate: number;
  resolution: number;
}

export const CAPABILITY_REPORT_LENGTH = 17;

export interface PenSample {
  /** Pen in proximity. */
  rdy: boolean;
  /** Switch state; non-zero = tip down. */
  sw: number;
  pressure: number;
  x: number;
  y: number;
  /** Device time in ms (0x34 reports only). */
  timeCount?: number;
  sequence?: number;
}

/** Decodes a pen input report (id 0x01 or 0x34, id in byte 0). Throws SignatureError('bad_report'). */
export function decodePenReport(report: Uint8Array): PenSample {
  const id = report[0];
  const need = id === STU_REPORT.penData ? 7 : id === STU_REPORT.penDataTimeCount ? 11 : -1;
  if (need < 0) throw new SignatureError('bad_report', 'not a pen data report');
  if (report.length < need) throw new SignatureError('bad_report', 'pen data report too short');
  const v = new DataView(report.buffer, report.byteOffset, report.byteLength);
  const head = v.getUint16(1);
  const sample: PenSample = {
    rdy: (head & 0x8000) !== 0,
    sw: (head >> 12) & 0x07,
    pressure: head & 0x0fff,
    x: v.getUint16(3),
    y: v.getUint16(5),
  };
  if (id === STU_REPORT.penDataTimeCount) {
    sample.timeCount = v.getUint16(7);
    sample.sequence = v.getUint16(9);
  }
  return sample;
}

export function encodePenReport(s: PenSample): Uint8Array {
  const timed = s.timeCount !== undefined;
  const out = new Uint8Array(timed ? 11 : 7);
  const v = new DataView(out.buffer);
  out[0] = timed ? STU_REPORT.penDataTimeCount : STU_REPORT.penData;
  v.setUint16(1, (s.rdy ? 0x8000 : 0) | ((s.sw & 0x07) << 12) | (s.pressure & 0x0fff));
  v.setUint16(3, s.x);
  v.setUint16(5, s.y);
  if (timed) {
    v.setUint16(7, s.timeCount! & 0xffff);
    v.setUint16(9, (s.sequence ?? 0) & 0xffff);
  }
  return out;
}

export function decodeCapability(report: Uint8Array): StuCapability {
  if (report.length < 14 || report[0] !== STU_REPORT.capability) throw new SignatureError('bad_report', 'bad capability report');
  const v = new DataView(report.buffer, report.byteOffset, report.byteLength);
  const cap: StuCapability = {
    tabletMaxX: v.getUint16(1),
    tabletMaxY: v.getUint16(3),
    tabletMaxPressure: v.getUint16(5),
    screenWidth: v.getUint16(7),
    screenHeight: v.getUint16(9),
    maxReportRate: v.getUint8(11),
    resolution: v.getUint16(12),
  };
  if (!cap.tabletMaxX || !cap.tabletMaxY || !cap.tabletMaxPressure || !cap.screenWidth || !cap.screenHeight) {
    throw new SignatureError('bad_report', 'capability report has zero dimensions');
  }
  return cap;
}

export function encodeCapability(c: StuCapability): Uint8Array {
  const out = new Uint8Array(CAPABILITY_REPORT_LENGTH);
  const v = new DataView(out.buffer);
  out[0] = STU_REPORT.capability;
  v.setUint16(1, c.tabletMaxX);
  v.setUint16(3, c.tabletMaxY);
  v.setUint16(5, c.tabletMaxPressure);
  v.setUint16(7, c.screenWidth);
  v.setUint16(9, c.screenHeight);
  v.setUint8(11, c.maxReportRate);
  v.setUint16(12, c.resolution);
  return out;
}
