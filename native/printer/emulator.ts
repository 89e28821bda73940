import net from 'node:net';
import { createSerialTransport } from '../transports/serial';
import type { Transport } from '../transports/types';
import { decodeEscPos, decodeEscPosJobs, nextEscPosToken, type DecodedPrint } from './escpos-decode';
import { encodeStatusBytes, type PrinterStatus } from './status';

export type PrinterEmulatorOptions = { path: string; baudRate?: number } | { tcpPort: number };

export interface PrinterEmulator {
  /** Set when listening on TCP (the actual port when 0 was asked for). */
  port?: number;
  /** Print data the printer accepted (real-time status requests excluded). */
  captured(): Buffer;
  decoded(): DecodedPrint;
  /** What was printed, split at cuts. */
  jobs(): DecodedPrint[];
  setPaperOut(b: boolean): void;
  setPaperNearEnd(b: boolean): void;
  setCoverOpen(b: boolean): void;
  /** Stops answering status requests (as a printer that is switched off). */
  setSilent(b: boolean): void;
  clear(): void;
  close(): Promise<void>;
}

/**
 * An ESC/POS receipt printer on a pty or a TCP port. It captures print data, answers DLE EOT 1–4, and —
 * like a real printer that refuses to print — discards print data while it is out of paper or its cover is
 * open.
 */
export async function startPrinterEmulator(opts: PrinterEmulatorOptions): Promise<PrinterEmulator> {
  const state: Partial<PrinterStatus> = {};
  let silent = false;
  const accepted: Buffer[] = [];

  /** One stream processor per connection, so a command split across chunks is reassembled. */
  function processor(reply: (b: Uint8Array) => void): (chunk: Uint8Array) => void {
    let pending = new Uint8Array(0);
    return (chunk) => {
      const buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending);
      buf.set(chunk, pending.length);
      let off = 0;
      for (;;) {
        const r = nextEscPosToken(buf, off);
        if (!r) break;
        if (r.token.type === 'realtime_status') {
          const n = r.token.n;
          if (!silent && n >= 1 && n <= 4) reply(Uint8Array.of(encodeStatusBytes(state)[n - 1]!));
        } else if (!state.paperOut && !state.coverOpen) {
          accepted.push(Buffer.from(buf.subarray(off, off + r.length)));
        }
        off += r.length;
      }
      pending = buf.slice(off);
    };
  }

  let closeFn: () => Promise<void>;
  let port: number | undefined;
  if ('tcpPort' in opts) {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((sock) => {
      sockets.add(sock);
      const feed = processor((b) => sock.write(b));
      sock.on('data', (d) => feed(d));
      sock.on('error', () => undefined);
      sock.on('close', () => sockets.delete(sock));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.tcpPort, '127.0.0.1', () => resolve());
    });
    port = (server.address() as net.AddressInfo).port;
    closeFn = async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    };
  } else {
    const t: Transport = createSerialTransport({ path: opts.path, baudRate: opts.baudRate ?? 115200 });
    await t.open();
    const feed = processor((b) => void t.write(b).catch(() => undefined));
    t.onData(feed);
    closeFn = () => t.close();
  }

  const captured = (): Buffer => Buffer.concat(accepted);
  return {
    ...(port !== undefined ? { port } : {}),
    captured,
    decoded: () => decodeEscPos(captured()),
    jobs: () => decodeEscPosJobs(captured()),
    setPaperOut(b) {
      state.paperOut = b;
    },
    setPaperNearEnd(b) {
      state.paperNearEnd = b;
    },
    setCoverOpen(b) {
      state.coverOpen = b;
    },
    setSilent(b) {
      silent = b;
    },
    clear() {
      accepted.length = 0;
    },
    close: () => closeFn(),
  };
}
