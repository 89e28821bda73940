import net from 'node:net';
import { TransportListeners, errorCodeOf, toBytes } from './listeners';
import { TransportError, type Transport } from './types';

export interface TcpTransportOptions {
  host: string;
  /** Network receipt printers listen on raw port 9100. */
  port?: number;
  connectTimeoutMs?: number;
}

/** A raw TCP byte stream (e.g. a network printer on port 9100). */
export function createTcpTransport(opts: TcpTransportOptions): Transport {
  const port = opts.port ?? 9100;
  const endpoint = `${opts.host}:${port}`;
  const listeners = new TransportListeners();
  let socket: net.Socket | null = null;
  let closing = false;

  return {
    kind: 'tcp',
    endpoint,
    get isOpen() {
      return socket !== null && !socket.destroyed;
    },
    async open() {
      if (socket && !socket.destroyed) return;
      const s = await new Promise<net.Socket>((resolve, reject) => {
        const sock = net.connect({ host: opts.host, port });
        const timer = setTimeout(() => {
          sock.destroy();
          reject(new TransportError('open_failed', `connection to ${endpoint} timed out`));
        }, opts.connectTimeoutMs ?? 3000);
        sock.once('connect', () => {
          clearTimeout(timer);
          sock.removeAllListeners('error');
          resolve(sock);
        });
        sock.once('error', (err) => {
          clearTimeout(timer);
          const code = errorCodeOf(err);
          reject(
            new TransportError(code === 'ECONNREFUSED' || code === 'ENOTFOUND' ? 'not_found' : 'open_failed', `connection to ${endpoint} failed`, err),
          );
        });
      });
      closing = false;
      socket = s;
      s.setNoDelay(true);
      let lastError: unknown = null;
      s.on('data', (chunk) => listeners.emitData(toBytes(chunk)));
      s.on('error', (err) => {
        lastError = err;
      });
      s.on('close', () => {
        if (socket === s) socket = null;
        listeners.emitClose(closing ? null : new TransportError('disconnected', `connection to ${endpoint} closed`, lastError));
      });
    },
    async write(data) {
      const s = socket;
      if (!s || s.destroyed) throw new TransportError('not_open', `connection to ${endpoint} is not open`);
      await new Promise<void>((resolve, reject) => {
        s.write(data, (err) => (err ? reject(new TransportError('write_failed', `write to ${endpoint} failed`, err)) : resolve()));
      });
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      const s = socket;
      if (!s || s.destroyed) return;
      closing = true;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        setTimeout(() => s.destroy(), 200).unref();
      });
    },
  };
}
