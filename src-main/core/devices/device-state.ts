import type { DeviceStatus } from '../../contract';
import type { Logger } from '../logging/types';

export type DeviceKind = DeviceStatus['kind'];
export type DeviceState = DeviceStatus['state'];

/** The live state of one device: what the status bar shows. Every change is logged once and announced. */
export interface DeviceStateCell {
  set(state: DeviceState, detail?: string | null): void;
  readonly state: DeviceState;
  readonly detail: string | null;
  snapshot(transport: string, emulated: boolean): DeviceStatus;
}

export function createDeviceState(kind: DeviceKind, log: Logger, onStatus: () => void, initial: DeviceState = 'disconnected'): DeviceStateCell {
  let state: DeviceState = initial;
  let detail: string | null = null;
  return {
    set(next, nextDetail = null) {
      if (next === state && nextDetail === detail) return;
      state = next;
      detail = nextDetail;
      // Details are device messages (port names, status texts), never personal data.
      log.info({ device: kind, state, detail }, 'device state');
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
