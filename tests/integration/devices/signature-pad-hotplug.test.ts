import { afterEach, describe, expect, it } from 'vitest';
import { createMockStuPad, type MockStuPad } from '../../../native/signature/mock-stu-pad';
import { TransportError, type HidTransport } from '../../../native/transports';
import { TransportListeners } from '../../../native/transports/listeners';
import { createDeviceManager, type DeviceManager } from '../../../src-main/core/devices/device-manager';
import { silentLogger } from '../../../src-main/core/logging/types';
import { FAST, stateOf, until } from './helpers';

/**
 * MOCK (no HID device can exist here): the scripted STU pad behind a cable that can be pulled. While unplugged,
 * open() fails as node-hid does for a missing device, and pulling it closes the transport with `disconnected`.
 */
function unpluggableMockPad(pad: MockStuPad): HidTransport & { unplug(): Promise<void>; plugBack(): void } {
  const close = new TransportListeners();
  let present = true;
  return {
    kind: 'hid',
    get endpoint() {
      return pad.endpoint;
    },
    get isOpen() {
      return pad.isOpen;
    },
    async open() {
      if (!present) throw new TransportError('not_found', `HID device ${pad.endpoint} not found`);
      await pad.open();
    },
    write: (d) => pad.write(d),
    sendFeatureReport: (d) => pad.sendFeatureReport(d),
    getFeatureReport: (id, n) => pad.getFeatureReport(id, n),
    onData: (cb) => pad.onData(cb),
    onClose: (cb) => close.onClose(cb),
    async close() {
      await pad.close();
      close.emitClose(null);
    },
    async unplug() {
      present = false;
      await pad.close();
      close.emitClose(new TransportError('disconnected', `HID device ${pad.endpoint} disconnected`));
    },
    plugBack() {
      present = true;
    },
  };
}

let manager: DeviceManager | null = null;
afterEach(async () => {
  await manager?.close();
  manager = null;
});

describe('signature pad hot-plug (MOCK STU pad)', () => {
  it('goes disconnected when pulled, refuses capture meanwhile, and is ready again when plugged back', async () => {
    const pad = createMockStuPad('STU-540');
    const cable = unpluggableMockPad(pad);
    const m = createDeviceManager({
      config: { idCard: { transport: 'serial', baudRate: 115200 }, printer: { transport: 'serial', baudRate: 115200, paperWidthMm: 80 }, signaturePad: { transport: 'hid', usbId: '056a:00a8' } },
      logger: silentLogger,
      onCard: () => {},
      onStatus: () => {},
      timing: FAST,
      openHid: () => cable,
    });
    manager = m;
    await m.start();
    expect(stateOf(m.statuses(), 'signaturePad').state).toBe('ready');

    await cable.unplug();
    expect(stateOf(m.statuses(), 'signaturePad').state).toBe('disconnected');
    await expect(m.captureSignature({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'unavailable', message: 'signature pad is disconnected' });
    await new Promise((r) => setTimeout(r, 200)); // failed reconnect attempts
    expect(stateOf(m.statuses(), 'signaturePad').state).toBe('disconnected');

    cable.plugBack();
    await until(() => stateOf(m.statuses(), 'signaturePad').state === 'ready', 'pad back');
    expect(await m.test('signaturePad')).toEqual({ ok: true, detail: { key: 'device.detail.signaturePad.ok', params: { width: 800, height: 480, levels: 1024 } } });
  });
});
