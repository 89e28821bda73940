import type { DeviceDetail, DeviceStatus } from '../../contract';
import type { Logger } from '../logging/types';

export type DeviceKind = DeviceStatus['kind'];
export type DeviceState = DeviceStatus['state'];

/** The live state of one device: what the status bar shows. Every change is logged once and announced. */
export interface DeviceStateCell {
  set(state: DeviceState, detail?: DeviceDetail | null): void;
  readonly state: DeviceState;
  readonly detail: DeviceDetail | null;
  snapshot(transport: string, emulated: boolean): DeviceStatus;
}

export function createDeviceState(kind: DeviceKind, log: Logger, onStatus: () => void, initial: DeviceState = 'disconnected'): DeviceStateCell {
  let state: DeviceState = initial;
  let detail: DeviceDetail | null = null;
  return {
    set(next, nextDetail = null) {
      if (next === state && JSON.stringify(nextDetail) === JSON.stringify(detail)) return;
      state = next;
      detail = nextDetail;
      // Details are device messages (message keys with port or printer names), never personal data.
      log.info({ device: kind, state, detail: detail?.key ?? null, ...(detail?.params ? { detailParams: detail.params } : {}) }, 'device state');
      onStatus();
    },
    get state() {
      return state;
    },
    get detail() {
      return detail;
    },
    snapshot: (transport, emulated) => ({ kind, state, transport, emulated, detail }),
  };
}
