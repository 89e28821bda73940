import { SerialPort } from 'serialport';
import { TransportListeners, toBytes } from './listeners';
import { TransportError, type Transport } from './types';

export interface SerialTransportOptions {
  path: string;
  /** Default 115200 (the SAM module default). */
  baudRate?: number;
}

/** A serial port (real UART, USB-serial adapter, or a pty in tests) through `serialport`. */
export function createSerialTransport(opts: SerialTransportOptions): Transport {
  const listeners = new TransportListeners();
  let port: SerialPort | null = null;
  let closing = false;

  const transport: Transport = {
    kind: 'serial',
    endpoint: opts.path,
    get isOpen() {
      return port?.isOpen ?? false;
    },
    async open() {
      if (port?.isOpen) return;
      // hupcl: false — ptys and many USB-serial readers have no modem lines to drop.
      const p = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 115200, autoOpen: false, hupcl: false });
      await new Promise<void>((resolve, reject) => {
        p.open((err) => {
          if (!err) return resolve();
          const notFound = /no such file|ENOENT|cannot open/i.test(err.message);
          reject(new TransportError(notFound ? 'not_found' : 'open_failed', `serial port ${opts.path} could not be opened`, err));
        });
      });
      closing = false;
      port = p;
      p.on('data', (chunk: Buffer) => listeners.emitData(toBytes(chunk)));
      p.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
        if (port === p) port = null;
        listeners.emitClose(
          closing || !err ? null : new TransportError('disconnected', `serial port ${opts.path} disconnected`, err),
        );
      });
      // Errors after open surface as a close event; swallowing here keeps the process alive.
      p.on('error', () => undefined);
    },
    async write(data) {
      const p = port;
      if (!p?.isOpen) throw new TransportError('not_open', `serial port ${opts.path} is not open`);
      await new Promise<void>((resolve, reject) => {
        p.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) => {
          if (err) return reject(new TransportError('write_failed', `write to ${opts.path} failed`, err));
          p.drain((e) => (e ? reject(new TransportError('write_failed', `drain of ${opts.path} failed`, e)) : resolve()));
        });
      });
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      const p = port;
      if (!p?.isOpen) return;
      closing = true;
      await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
  return transport;
}
