import { TransportListeners } from '../transports/listeners';
import { TransportError, type HidTransport } from '../transports/types';
import { encodeCapability, encodePenReport, STU_PRODUCT_IDS, STU_REPORT, WACOM_VENDOR_ID, type StuCapability, type StuModel } from './stu-protocol';

/**
 * MOCK — a scripted Wacom STU signature pad behind the HidTransport interface. It exists because no real
 * HID device (nor /dev/uhid) is available in development and CI; it speaks the same reports as the pad
 * (capability feature report, clear screen / inking feature reports, pen input reports).
 */
export const MOCK_STU_CAPABILITIES: Record<StuModel, StuCapability> = {
  'STU-430': { tabletMaxX: 9600, tabletMaxY: 6000, tabletMaxPressure: 1023, screenWidth: 320, screenHeight: 200, maxReportRate: 200, resolution: 2540 },
  'STU-530': { tabletMaxX: 10800, tabletMaxY: 6480, tabletMaxPressure: 1023, screenWidth: 800, screenHeight: 480, maxReportRate: 200, resolution: 2540 },
  'STU-540': { tabletMaxX: 9600, tabletMaxY: 5760, tabletMaxPressure: 1023, screenWidth: 800, screenHeight: 480, maxReportRate: 200, resolution: 2540 },
};

/** One stroke: points in 0–1 of the pad's area with pressure 0–1. */
export type ScriptStroke = Array<{ x: number; y: number; p: number }>;

export interface MockStuPad extends HidTransport {
  readonly model: StuModel;
  readonly productId: number;
  readonly vendorId: number;
  /** Feature reports the driver sent (clear screen, inking…), in order. */
  readonly commands: Uint8Array[];
  /** Emits the strokes as pen reports (pen lifted between strokes). `timed` uses 0x34 reports. */
  play(strokes: ScriptStroke[], opts?: { intervalMs?: number; timed?: boolean }): Promise<void>;
  /** Emits an arbitrary input report (for malformed-report tests). */
  emitRaw(report: Uint8Array): void;
}

export function createMockStuPad(model: StuModel = 'STU-530'): MockStuPad {
  const cap = MOCK_STU_CAPABILITIES[model];
  const listeners = new TransportListeners();
  let open = false;
  const commands: Uint8Array[] = [];
  const need = (): void => {
    if (!open) throw new TransportError('not_open', 'mock signature pad is not open');
  };

  return {
    kind: 'hid',
    endpoint: `mock:${model}`,
    model,
    vendorId: WACOM_VENDOR_ID,
    productId: STU_PRODUCT_IDS[model],
    commands,
    get isOpen() {
      return open;
    },
    async open() {
      open = true;
    },
    async write() {
      need();
    },
    async sendFeatureReport(data) {
      need();
      commands.push(Uint8Array.from(data));
    },
    async getFeatureReport(reportId, length) {
      need();
      if (reportId === STU_REPORT.capability) return encodeCapability(cap).slice(0, length);
      throw new TransportError('unsupported', `mock pad has no feature report ${reportId}`);
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      if (!open) return;
      open = false;
      listeners.emitClose(null);
    },
    async play(strokes, opts = {}) {
      need();
      const interval = opts.intervalMs ?? 0;
      let time = 1000;
      let seq = 0;
      const emit = async (x: number, y: number, p: number, down: boolean): Promise<void> => {
        const report = encodePenReport({
          rdy: true,
          sw: down ? 1 : 0,
          pressure: Math.round(p * cap.tabletMaxPressure),
          x: Math.round(x * cap.tabletMaxX),
          y: Math.round(y * cap.tabletMaxY),
          ...(opts.timed ? { timeCount: (time += 5), sequence: seq++ } : {}),
        });
        listeners.emitData(report);
        if (interval > 0) await new Promise((r) => setTimeout(r, interval));
      };
      for (const stroke of strokes) {
        for (const pt of stroke) await emit(pt.x, pt.y, pt.p, pt.p > 0);
        const last = stroke.at(-1);
        if (last) await emit(last.x, last.y, 0, false);
      }
    },
    emitRaw(report) {
      listeners.emitData(report);
    },
  };
}
