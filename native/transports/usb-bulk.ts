import { TransportListeners } from './listeners';
import { TransportError, type Transport } from './types';

export interface UsbBulkTransportOptions {
  /** e.g. 0x0400 */
  vendorId: number;
  /** e.g. 0xc35a (common GA 467 ID-card reader modules) */
  productId: number;
  interfaceNumber?: number;
  /** Bulk endpoint numbers; default: the interface's first bulk OUT / IN endpoints. */
  outEndpoint?: number;
  inEndpoint?: number;
  /** Transfer size; full-speed bulk endpoints take 64 bytes. */
  chunkSize?: number;
  /**
   * Where the device comes from. Default: the `usb` package (`usb.findDeviceByIds`), loaded on open().
   * Tests pass a mock here, since no real or virtual USB device exists on a build machine.
   */
  findDevice?: FindUsbDevice;
}

/** The part of a configuration descriptor we read (typed structurally: w3c-web-usb types are not in scope). */
export interface UsbConfigurationLike {
  interfaces: Array<{ interfaceNumber: number; alternate: { endpoints: Array<{ endpointNumber: number; direction: string; type: string }> } }>;
}

/**
 * Exactly the members of the `usb` package's WebUSB device that this transport uses (the real device is
 * checked against this type where the package is loaded below).
 */
export interface UsbDeviceLike {
  readonly configuration: UsbConfigurationLike | null | undefined;
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  nativeTransferIn(endpointNumber: number, timeout: number, length: number): Promise<Uint8Array | null>;
  nativeTransferOut(endpointNumber: number, timeout: number, data: Uint8Array): Promise<number>;
}

export type FindUsbDevice = (vendorId: number, productId: number) => Promise<UsbDeviceLike | undefined>;

type UsbModule = typeof import('usb');

async function findWithUsbPackage(vendorId: number, productId: number): Promise<UsbDeviceLike | undefined> {
  const { usb } = (await import('usb')) as UsbModule;
  return usb.findDeviceByIds(vendorId, productId);
}

/** IN transfers wait this long, then are re-issued; a timeout just means the device had nothing to say. */
const IN_TIMEOUT_MS = 1000;
/**
 * The `usb` package (3.x, on nusb) reports an expired IN transfer as "transferIn error: Cancelled" (nusb
 * cancels it at the deadline); libusb-based stacks say "...TIMED_OUT". A disconnect is "...Disconnected" /
 * "...NO_DEVICE" and must not match.
 */
const isTimeout = (err: unknown): boolean => /timed? ?out|\bcancel/i.test(String((err as Error)?.message ?? err));

/** The active configuration, or null: usb 3.x throws from the getter on a device that has none yet. */
function activeConfiguration(d: UsbDeviceLike): UsbConfigurationLike | null {
  try {
    return d.configuration ?? null;
  } catch {
    return null;
  }
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * Vendor-class USB device with bulk endpoints (many ID-card readers), through the `usb` package's WebUSB
 * API. Writes go out in `chunkSize` pieces; a read loop keeps one IN transfer pending while open.
 * The native module is loaded on open(), so merely importing this file needs no USB stack.
 */
export function createUsbBulkTransport(opts: UsbBulkTransportOptions): Transport {
  const endpoint = `${hex4(opts.vendorId)}:${hex4(opts.productId)}`;
  const chunk = opts.chunkSize ?? 64;
  const iface = opts.interfaceNumber ?? 0;
  const listeners = new TransportListeners();
  const findDevice = opts.findDevice ?? findWithUsbPackage;
  let dev: UsbDeviceLike | null = null;
  let outEp = 0;
  let inEp = 0;
  let closing = false;

  async function readLoop(d: UsbDeviceLike): Promise<void> {
    while (dev === d) {
      try {
        const r = await d.nativeTransferIn(inEp, IN_TIMEOUT_MS, chunk);
        if (r && r.byteLength > 0 && dev === d) listeners.emitData(Uint8Array.from(r));
      } catch (err) {
        if (dev !== d) return;
        if (isTimeout(err)) continue;
        dev = null;
        await d.close().catch(() => undefined);
        listeners.emitClose(closing ? null : new TransportError('disconnected', `USB device ${endpoint} stopped answering`, err));
        return;
      }
    }
  }

  return {
    kind: 'usb',
    endpoint,
    get isOpen() {
      return dev !== null;
    },
    async open() {
      if (dev) return;
      let found: UsbDeviceLike | undefined;
      try {
        found = await findDevice(opts.vendorId, opts.productId);
      } catch (err) {
        throw new TransportError('not_found', `USB device ${endpoint} not found (no USB access)`, err);
      }
      if (!found) throw new TransportError('not_found', `USB device ${endpoint} not found`);
      try {
        await found.open();
        if (!activeConfiguration(found)) await found.selectConfiguration(1);
        await found.claimInterface(iface);
        const config = activeConfiguration(found);
        const eps = config?.interfaces.find((i) => i.interfaceNumber === iface)?.alternate.endpoints ?? [];
        outEp = opts.outEndpoint ?? eps.find((e) => e.direction === 'out' && e.type === 'bulk')?.endpointNumber ?? 0;
        inEp = opts.inEndpoint ?? eps.find((e) => e.direction === 'in' && e.type === 'bulk')?.endpointNumber ?? 0;
        if (!outEp || !inEp) throw new Error('no bulk endpoints');
      } catch (err) {
        await found.close().catch(() => undefined);
        throw new TransportError('open_failed', `USB device ${endpoint} could not be opened`, err);
      }
      closing = false;
      dev = found;
      void readLoop(found);
    },
    async write(data) {
      const d = dev;
      if (!d) throw new TransportError('not_open', `USB device ${endpoint} is not open`);
      try {
        for (let off = 0; off < data.byteLength; off += chunk) {
          await d.nativeTransferOut(outEp, 2000, data.slice(off, off + chunk));
        }
      } catch (err) {
        throw new TransportError('write_failed', `write to USB device ${endpoint} failed`, err);
      }
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      const d = dev;
      if (!d) return;
      closing = true;
      dev = null;
      await d.releaseInterface(iface).catch(() => undefined);
      await d.close().catch(() => undefined);
      listeners.emitClose(null);
    },
  };
}
