import type { HidTransport } from '../transports/types';
import { signatureResult, type SignaturePoint, type SignatureResult } from './render';
import { SignatureError } from './signature-error';
import { CAPABILITY_REPORT_LENGTH, decodeCapability, decodePenReport, STU_REPORT, type PenSample, type StuCapability } from './stu-protocol';

export interface StuSignaturePad {
  capability(): Promise<StuCapability>;
  clearScreen(): Promise<void>;
  /** Clears the screen, turns inking on and starts collecting pen samples. */
  startCapture(): Promise<void>;
  /** Live points while capturing (for a preview). Returns an unsubscribe function. */
  onPoint(cb: (p: SignaturePoint) => void): () => void;
  /** Stops collecting, turns inking off, returns PNG + points + SHA-256. Throws SignatureError('empty') without ink. */
  finishCapture(): Promise<SignatureResult>;
  /** Malformed input reports ignored so far. */
  readonly droppedReports: number;
  close(): Promise<void>;
}

/** Wacom STU-430/530/540 signature pad over a HID transport. */
export function createStuSignaturePad(transport: HidTransport): StuSignaturePad {
  let cap: StuCapability | null = null;
  let capturing = false;
  let points: SignaturePoint[] = [];
  let startedAt = 0;
  let deviceT0: number | null = null;
  let lastDown = false;
  let dropped = 0;
  const listeners = new Set<(p: SignaturePoint) => void>();

  async function ensureOpen(): Promise<void> {
    if (transport.isOpen) return;
    try {
      await transport.open();
    } catch (err) {
      throw new SignatureError('transport', 'signature pad could not be opened', { cause: err });
    }
  }

  async function feature<T>(fn: () => Promise<T>): Promise<T> {
    await ensureOpen();
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SignatureError) throw err;
      throw new SignatureError('transport', 'signature pad command failed', { cause: err });
    }
  }

  function toPoint(s: PenSample, c: StuCapability): SignaturePoint {
    let t: number;
    if (s.timeCount !== undefined) {
      deviceT0 ??= s.timeCount;
      t = (s.timeCount - deviceT0 + 0x10000) % 0x10000;
    } else t = Math.round(performance.now() - startedAt);
    const down = s.sw !== 0 && s.pressure > 0;
    return {
      x: Math.round((Math.min(s.x, c.tabletMaxX) * (c.screenWidth - 1)) / c.tabletMaxX),
      y: Math.round((Math.min(s.y, c.tabletMaxY) * (c.screenHeight - 1)) / c.tabletMaxY),
      p: down ? Math.min(1, s.pressure / c.tabletMaxPressure) : 0,
      t,
    };
  }

  transport.onData((report) => {
    if (!capturing || !cap) return;
    if (report[0] !== STU_REPORT.penData && report[0] !== STU_REPORT.penDataTimeCount) return;
    let s: PenSample;
    try {
      s = decodePenReport(report);
    } catch {
      dropped++;
      return;
    }
    const pt = toPoint(s, cap);
    const down = pt.p > 0;
    if (!down && !lastDown) return; // hovering: nothing to record
    lastDown = down;
    points.push(pt);
    for (const cb of listeners) cb(pt);
  });

  const pad: StuSignaturePad = {
    async capability() {
      cap = decodeCapability(await feature(() => transport.getFeatureReport(STU_REPORT.capability, CAPABILITY_REPORT_LENGTH)));
      return cap;
    },
    async clearScreen() {
      await feature(() => transport.sendFeatureReport(Uint8Array.of(STU_REPORT.clearScreen, 0)));
    },
    async startCapture() {
      if (!cap) await pad.capability();
      await pad.clearScreen();
      await feature(() => transport.sendFeatureReport(Uint8Array.of(STU_REPORT.inkingMode, 1)));
      points = [];
      deviceT0 = null;
      lastDown = false;
      startedAt = performance.now();
      capturing = true;
    },
    onPoint(cb) {
      listeners.add(cb);
      return () => {
        listeners.delete(cb);
      };
    },
    async finishCapture() {
      if (!capturing || !cap) throw new SignatureError('not_capturing', 'finishCapture without startCapture');
      capturing = false;
      await feature(() => transport.sendFeatureReport(Uint8Array.of(STU_REPORT.inkingMode, 0)));
      if (!points.some((p) => p.p > 0)) throw new SignatureError('empty', 'no pen contact recorded');
      return signatureResult(points, cap.screenWidth, cap.screenHeight);
    },
    get droppedReports() {
      return dropped;
    },
    async close() {
      capturing = false;
      await transport.close();
    },
  };
  return pad;
}
