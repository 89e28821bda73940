import { TransportListeners, toBytes } from './listeners';
import { TransportError, type HidTransport } from './types';

export interface HidTransportOptions {
  vendorId: number;
  productId: number;
  /** A specific hidraw path when several identical devices are attached. */
  path?: string;
}

type NodeHid = typeof import('node-hid');
type HidDevice = Awaited<ReturnType<NodeHid['HIDAsync']['open']>>;

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Loads node-hid (native module) and returns its hidapi version; proves the binding works on this machine. */
export async function loadNodeHid(): Promise<{ hidapiVersion: string; devices: number }> {
  const hid = (await import('node-hid')) as NodeHid;
  return { hidapiVersion: hid.getHidapiVersion(), devices: (await hid.devicesAsync()).length };
}

/** A HID device through `node-hid` (hidraw on Linux): input reports as data, output reports as writes, plus feature reports. */
export function createHidTransport(opts: HidTransportOptions): HidTransport {
  const endpoint = opts.path ?? `${hex4(opts.vendorId)}:${hex4(opts.productId)}`;
  const listeners = new TransportListeners();
  let dev: HidDevice | null = null;
  let closing = false;

  function need(): HidDevice {
    if (!dev) throw new TransportError('not_open', `HID device ${endpoint} is not open`);
    return dev;
  }

  return {
    kind: 'hid',
    endpoint,
    get isOpen() {
      return dev !== null;
    },
    async open() {
      if (dev) return;
      let hid: NodeHid;
      try {
        hid = (await import('node-hid')) as NodeHid;
      } catch (err) {
        throw new TransportError('open_failed', 'node-hid could not be loaded', err);
      }
      const present = (await hid.devicesAsync(opts.vendorId, opts.productId)).filter((d) => !opts.path || d.path === opts.path);
      if (present.length === 0) throw new TransportError('not_found', `HID device ${endpoint} not found`);
      let d: HidDevice;
      try {
        d = opts.path ? await hid.HIDAsync.open(opts.path) : await hid.HIDAsync.open(opts.vendorId, opts.productId);
      } catch (err) {
        throw new TransportError('open_failed', `HID device ${endpoint} could not be opened`, err);
      }
      closing = false;
      dev = d;
      d.on('data', (b: Buffer) => listeners.emitData(toBytes(b)));
      d.on('error', (err: unknown) => {
        if (dev !== d) return;
        dev = null;
        void d.close().catch(() => undefined);
        listeners.emitClose(closing ? null : new TransportError('disconnected', `HID device ${endpoint} disconnected`, err));
      });
    },
    async write(data) {
      try {
        await need().write(Buffer.from(data));
      } catch (err) {
        throw err instanceof TransportError ? err : new TransportError('write_failed', `write to HID device ${endpoint} failed`, err);
      }
    },
    async sendFeatureReport(data) {
      try {
        await need().sendFeatureReport(Buffer.from(data));
      } catch (err) {
        throw err instanceof TransportError ? err : new TransportError('write_failed', `feature report to ${endpoint} failed`, err);
      }
    },
    async getFeatureReport(reportId, length) {
      try {
        return toBytes(await need().getFeatureReport(reportId, length));
      } catch (err) {
        throw err instanceof TransportError ? err : new TransportError('read_failed', `feature report from ${endpoint} failed`, err);
      }
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      const d = dev;
      if (!d) return;
      closing = true;
      dev = null;
      await d.close().catch(() => undefined);
      listeners.emitClose(null);
    },
  };
}
