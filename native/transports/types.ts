/**
 * One byte-stream interface for every counter device, so a driver does not care whether it runs over a
 * serial port, a TCP socket, a Linux USB printer device file, USB bulk endpoints, HID reports or the Windows
 * print spooler.
 *
 * Transports never log. Failures are reported as `TransportError` values ("errors as plain data"): a
 * `code` a caller can switch on, and a message that never contains personal data.
 */

export type TransportKind = 'serial' | 'tcp' | 'file' | 'usb' | 'hid' | 'spooler';

export type TransportErrorCode =
  | 'not_found' // the device / path / host does not exist
  | 'open_failed' // it exists but could not be opened
  | 'not_open' // write() before open() or after close()
  | 'write_failed'
  | 'read_failed'
  | 'disconnected' // the device went away while open
  | 'unsupported'; // the operation does not exist on this transport

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** `reason` is null when close() was called, a TransportError when the device went away by itself. */
export type CloseListener = (reason: TransportError | null) => void;
export type DataListener = (chunk: Uint8Array) => void;

export interface Transport {
  readonly kind: TransportKind;
  /** Where it talks to, e.g. `/dev/ttyUSB0`, `192.168.1.50:9100`, `0400:c35a`. Never personal data. */
  readonly endpoint: string;
  readonly isOpen: boolean;
  /** Opens the device. Calling open() again after close() re-opens it; listeners stay registered. */
  open(): Promise<void>;
  /** Resolves once the bytes are handed to the OS / device. Rejects with TransportError. */
  write(data: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes; returns an unsubscribe function. */
  onData(cb: DataListener): () => void;
  /** Subscribe to close; returns an unsubscribe function. */
  onClose(cb: CloseListener): () => void;
  /** Idempotent. */
  close(): Promise<void>;
}

/** HID adds feature reports (used for device commands such as a signature pad's capability or clear screen). */
export interface HidTransport extends Transport {
  readonly kind: 'hid';
  /** `data[0]` is the report id. */
  sendFeatureReport(data: Uint8Array): Promise<void>;
  /** Returns the report including its id in byte 0. */
  getFeatureReport(reportId: number, length: number): Promise<Uint8Array>;
}
