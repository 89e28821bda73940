import { CoreError } from '../../contract';
import type { Handlers } from '../dispatch';

export type DeviceHandlers = Pick<Handlers, 'listSerialPorts' | 'getDeviceSettings' | 'saveDeviceSettings' | 'testDevice' | 'captureSignature'>;

/** Device settings and tests for branch IT. (Being built: see the device manager.) */
export function createDeviceHandlers(): DeviceHandlers {
  const notYet = () => {
    throw new CoreError('unavailable', 'device settings are not available in this build', 'error.internal');
  };
  return { listSerialPorts: notYet, getDeviceSettings: notYet, saveDeviceSettings: notYet, testDevice: notYet, captureSignature: notYet };
}
