/**
 * MOCK USB device for tests — a JavaScript object, not a device.
 *
 * Why a mock: the USB bulk transport (native/transports/usb-bulk.ts) talks to vendor-class ID-card readers
 * through the `usb` package, and no USB device — real or virtual — can exist on the machines the tests run
 * on (no dummy_hcd / gadgetfs, no usbip, no /dev/uhid). So the transport is handed this object through its
 * `findDevice` option instead of `usb.findDeviceByIds`, and everything below the WebUSB calls the transport
 * makes (open, claimInterface, nativeTransferIn/Out, ...) is simulated here, in-process.
 *
 * What it simulates, on purpose close to a full-speed device under the `usb` package 3.x (nusb):
 * - one vendor-class interface (0) with a bulk OUT endpoint (2) and a bulk IN endpoint (1), 64-byte packets;
 * - behind them a GA 467 SAM, answered by the project's own emulator logic (createSamResponder), so the
 *   protocol is the same as on the pty emulator, faults included;
 * - answers leave in packets of at most 64 bytes; an IN transfer of `length` bytes completes on a short
 *   packet or when full, and bytes beyond `length` are lost (as the `usb` package truncates); an answer that
 *   ends on a packet boundary is followed by a zero-length packet;
 * - an IN transfer with nothing to receive fails at its timeout the way the package reports it
 *   ("transferIn error: Cancelled" — nusb cancels the transfer at the deadline; libusb's counterpart is
 *   LIBUSB_TRANSFER_TIMED_OUT);
 * - unplug(): the pending IN transfer and every later transfer on the old handle fail with
 *   "... error: Disconnected" (libusb: LIBUSB_ERROR_NO_DEVICE) and the device is no longer found;
 *   plug(): it is found again as a new handle, which must be opened and claimed again;
 * - a second IN transfer on the same endpoint while one is pending is refused, as the package does
 *   ("transferIn error: endpoint not found": the endpoint is busy).
 * Error texts for open/claim on a gone device are approximations; the transport only inspects transfer errors.
 */
import { createSamResponder, type IdCardFault, type SamResponder } from '../../native/idcard/emulator';
import type { IdCardData } from '../../native/idcard/types';
import type { FindUsbDevice, UsbConfigurationLike, UsbDeviceLike } from '../../native/transports/usb-bulk';

export const MOCK_USB_VENDOR_ID = 0x0400;
export const MOCK_USB_PRODUCT_ID = 0xc35a;
export const MOCK_USB_PACKET_SIZE = 64;
const INTERFACE = 0;
const OUT_EP = 2;
const IN_EP = 1;

const CONFIGURATION: UsbConfigurationLike & { configurationValue: number } = {
  configurationValue: 1,
  interfaces: [
    {
      interfaceNumber: INTERFACE,
      alternate: {
        endpoints: [
          { endpointNumber: OUT_EP, direction: 'out', type: 'bulk' },
          { endpointNumber: IN_EP, direction: 'in', type: 'bulk' },
        ],
      },
    },
  ],
};

export interface MockUsbSamReaderOptions {
  card?: IdCardData;
  samId?: string;
  /** Default true. */
  plugged?: boolean;
  /** Enumerated without an active configuration: like usb 3.x, the `configuration` getter throws until one is selected. */
  unconfigured?: boolean;
}

interface PendingIn {
  length: number;
  got: Uint8Array[];
  gotBytes: number;
  resolve: (data: Uint8Array) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** The reader as a whole: SAM, plug state, packet FIFO and what crossed the bus (for assertions). */
export class MockUsbSamReader {
  /** Every OUT transfer's payload, in order (copies). */
  readonly outTransfers: Uint8Array[] = [];
  /** Byte count of every IN transfer that completed (0 for a zero-length packet). */
  readonly inTransfers: number[] = [];
  /** IN transfers that expired with nothing to receive. */
  inTimeouts = 0;
  /** Most IN transfers ever pending at once on the IN endpoint. */
  maxPendingIn = 0;
  /** Successful open() calls over all handles. */
  opens = 0;
  /** Bytes dropped because an IN transfer asked for fewer bytes than the packet carried. */
  overflowBytes = 0;

  private readonly sam: SamResponder;
  private handle: MockUsbHandle | null = null;
  private plugged: boolean;
  private readonly packets: Uint8Array[] = [];
  private pendingIn: PendingIn | null = null;
  private packetsSent = 0;
  private unplugAtPacket: number | null = null;

  constructor(opts: MockUsbSamReaderOptions = {}) {
    this.sam = createSamResponder({ card: opts.card, samId: opts.samId });
    this.plugged = opts.plugged ?? true;
    this.unconfigured = opts.unconfigured ?? false;
  }

  /** Each enumeration starts without an active configuration (see MockUsbSamReaderOptions.unconfigured). */
  readonly unconfigured: boolean;

  /** For the transport's `findDevice` option. */
  readonly findDevice: FindUsbDevice = (vendorId, productId) => {
    if (!this.plugged || vendorId !== MOCK_USB_VENDOR_ID || productId !== MOCK_USB_PRODUCT_ID) return Promise.resolve(undefined);
    this.handle ??= new MockUsbHandle(this);
    return Promise.resolve(this.handle);
  };

  placeCard(card: IdCardData): void {
    this.sam.placeCard(card);
  }

  removeCard(): void {
    this.sam.removeCard();
  }

  injectFault(f: IdCardFault, count?: number): void {
    this.sam.injectFault(f, count);
  }

  /** SAM commands received. */
  get exchanges(): number {
    return this.sam.exchanges;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  /** Pulls the cable: the current handle dies for good, pending and later transfers on it fail. */
  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.unplugAtPacket = null;
    const h = this.handle;
    this.handle = null;
    if (h) h.gone = true;
    this.packets.length = 0;
    this.sam.resetInput();
    const p = this.pendingIn;
    if (p) this.finishIn(p, new Error('transferIn error: Disconnected'));
  }

  /** Puts the cable back: the device enumerates again (a new handle, closed, nothing claimed). The card stays. */
  plug(): void {
    this.plugged = true;
  }

  /** Unplugs right after `count` more packets have gone up the IN endpoint (i.e. in the middle of an answer). */
  unplugAfterInPackets(count: number): void {
    this.unplugAtPacket = this.packetsSent + count;
  }

  /** Fails a pending IN transfer (as if it timed out now) so no timer outlives a test. */
  dispose(): void {
    this.cancelIn();
  }

  /** @internal */
  cancelIn(): void {
    const p = this.pendingIn;
    if (p) this.finishIn(p, new Error('transferIn error: Cancelled'));
  }

  // ---- called by MockUsbHandle ----

  /** @internal */
  receiveOut(data: Uint8Array): void {
    this.outTransfers.push(data.slice());
    for (const answer of this.sam.receive(data)) {
      for (let off = 0; off < answer.length; off += MOCK_USB_PACKET_SIZE) {
        this.packets.push(answer.slice(off, off + MOCK_USB_PACKET_SIZE));
      }
      if (answer.length % MOCK_USB_PACKET_SIZE === 0) this.packets.push(new Uint8Array(0)); // ZLP ends the transfer
    }
    this.pump();
  }

  /** @internal */
  transferIn(timeout: number, length: number): Promise<Uint8Array> {
    if (this.pendingIn) {
      this.maxPendingIn = Math.max(this.maxPendingIn, 2);
      return Promise.reject(new Error('transferIn error: endpoint not found'));
    }
    this.maxPendingIn = Math.max(this.maxPendingIn, 1);
    return new Promise<Uint8Array>((resolve, reject) => {
      const p: PendingIn = {
        length,
        got: [],
        gotBytes: 0,
        resolve,
        reject,
        timer: setTimeout(() => {
          // partial data of a failed transfer is dropped, as the `usb` package does
          this.inTimeouts++;
          this.finishIn(p, new Error('transferIn error: Cancelled'));
        }, timeout),
      };
      this.pendingIn = p;
      this.pump();
    });
  }

  /** Moves queued packets into the pending IN transfer; completes it on a short packet or when full. */
  private pump(): void {
    const p = this.pendingIn;
    if (!p) return;
    const capacity = Math.max(1, Math.ceil(p.length / MOCK_USB_PACKET_SIZE)) * MOCK_USB_PACKET_SIZE;
    while (this.packets.length > 0) {
      const packet = this.packets.shift()!;
      p.got.push(packet);
      p.gotBytes += packet.length;
      this.packetsSent++;
      const short = packet.length < MOCK_USB_PACKET_SIZE;
      if (short || p.gotBytes >= capacity) {
        const all = Buffer.concat(p.got);
        this.overflowBytes += Math.max(0, all.length - p.length);
        this.inTransfers.push(Math.min(all.length, p.length));
        this.finishIn(p, null, new Uint8Array(all.subarray(0, p.length)));
        if (this.unplugAtPacket !== null && this.packetsSent >= this.unplugAtPacket) this.unplug();
        return;
      }
    }
  }

  private finishIn(p: PendingIn, err: Error | null, data?: Uint8Array): void {
    if (this.pendingIn !== p) return;
    this.pendingIn = null;
    clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve(data!);
  }
}

/** One enumeration of the reader (what `findDeviceByIds` returns); dead after an unplug. */
class MockUsbHandle implements UsbDeviceLike {
  gone = false;
  private opened = false;
  private claimed = false;

  constructor(private readonly reader: MockUsbSamReader) {
    this.configured = !reader.unconfigured;
  }

  private configured: boolean;

  get configuration(): UsbConfigurationLike {
    // Normally configured by the OS on enumeration, as Linux does for a single-configuration device.
    if (!this.configured) throw new Error('configuration error: device is not configured');
    return CONFIGURATION;
  }

  open(): Promise<void> {
    if (this.gone) return Promise.reject(new Error('open error: failed to open device (no such device)'));
    this.opened = true;
    this.reader.opens++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    // Simplification: a pending IN transfer is cancelled here; the `usb` package lets it run to its timeout.
    if (this.opened && !this.gone) this.reader.cancelIn();
    this.opened = false;
    this.claimed = false;
    return Promise.resolve();
  }

  selectConfiguration(value: number): Promise<void> {
    if (!this.opened) return Promise.reject(new Error('selectConfiguration error: invalid state'));
    if (value !== CONFIGURATION.configurationValue) return Promise.reject(new Error('selectConfiguration error: invalid configuration'));
    this.configured = true;
    return Promise.resolve();
  }

  claimInterface(n: number): Promise<void> {
    if (!this.opened) return Promise.reject(new Error('claimInterface error: invalid state'));
    if (this.gone) return Promise.reject(new Error('claimInterface error: failed to claim interface (no such device)'));
    if (n !== INTERFACE) return Promise.reject(new Error('claimInterface error: interface not found'));
    this.claimed = true;
    return Promise.resolve();
  }

  releaseInterface(n: number): Promise<void> {
    if (!this.opened) return Promise.reject(new Error('releaseInterface error: invalid state'));
    if (!this.claimed || n !== INTERFACE) return Promise.reject(new Error('releaseInterface error: not claimed'));
    this.claimed = false;
    return Promise.resolve();
  }

  nativeTransferIn(endpointNumber: number, timeout: number, length: number): Promise<Uint8Array | null> {
    if (!this.claimed || endpointNumber !== IN_EP) return Promise.reject(new Error('transferIn error: endpoint not found'));
    if (this.gone) return Promise.reject(new Error('transferIn error: Disconnected'));
    return this.reader.transferIn(timeout, length);
  }

  nativeTransferOut(endpointNumber: number, _timeout: number, data: Uint8Array): Promise<number> {
    if (!this.claimed || endpointNumber !== OUT_EP) return Promise.reject(new Error('transferOut error: endpoint not found'));
    if (this.gone) return Promise.reject(new Error('transferOut error: Disconnected'));
    this.reader.receiveOut(data);
    return Promise.resolve(data.length);
  }
}
