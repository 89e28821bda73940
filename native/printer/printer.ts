import type { Transport } from '../transports/types';
import { isSpoolerTransport, type SpoolerTransport } from '../transports/windows-spooler';
import { statusRequest } from './escpos';
import { PrinterError } from './printer-error';
import { isStatusByte, parseStatusBytes, type PrinterStatus } from './status';

export interface ReceiptPrinterOptions {
  /** Per status byte. Default 1000 ms. */
  timeoutMs?: number;
}

export interface ReceiptPrinter {
  /** Queries DLE EOT 1–4 and combines the answers (through the Windows spooler: its printer state). Throws PrinterError. */
  status(): Promise<PrinterStatus>;
  /** Writes the bytes to the printer. Resolves when the transport accepted them. Throws PrinterError. */
  print(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** An ESC/POS receipt printer over any Transport; opens it on first use and again after it drops. */
export function createReceiptPrinter(transport: Transport, opts: ReceiptPrinterOptions = {}): ReceiptPrinter {
  const timeoutMs = opts.timeoutMs ?? 1000;
  let waiter: { resolve: (b: number) => void; timer: NodeJS.Timeout; reject: (e: PrinterError) => void } | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  transport.onData((chunk) => {
    for (const b of chunk) {
      // bytes outside a status request (or not shaped like a status byte) are ignored
      if (!waiter || !isStatusByte(b)) continue;
      const w = waiter;
      waiter = null;
      clearTimeout(w.timer);
      w.resolve(b);
    }
  });
  transport.onClose((reason) => {
    if (reason && waiter) {
      const w = waiter;
      waiter = null;
      clearTimeout(w.timer);
      w.reject(new PrinterError('transport', 'printer connection lost', { cause: reason }));
    }
  });

  async function ensureOpen(): Promise<void> {
    if (closed) throw new PrinterError('closed', 'printer is closed');
    if (transport.isOpen) return;
    try {
      await transport.open();
    } catch (err) {
      throw new PrinterError('transport', 'printer could not be opened', { cause: err });
    }
  }

  async function write(bytes: Uint8Array): Promise<void> {
    try {
      await transport.write(bytes);
    } catch (err) {
      throw new PrinterError('transport', 'writing to the printer failed', { cause: err });
    }
  }

  async function query(n: 1 | 2 | 3 | 4): Promise<number> {
    const answer = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = null;
        reject(new PrinterError('timeout', `no answer to status request ${n}`));
      }, timeoutMs);
      waiter = { resolve, reject, timer };
    });
    // If the write fails (or the printer is closed meanwhile) the answer is never awaited: keep its rejection handled.
    answer.catch(() => undefined);
    try {
      await write(statusRequest(n));
    } catch (err) {
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter = null;
      }
      throw err;
    }
    return answer;
  }

  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      await ensureOpen();
      return fn();
    };
    const p = chain.then(run, run);
    chain = p.catch(() => undefined);
    return p;
  }

  return {
    status: () =>
      serial(async () => {
        // Through the Windows spooler no byte comes back: its own printer state stands in for DLE EOT.
        if (isSpoolerTransport(transport)) return spoolerPrinterStatus(transport);
        const s1 = await query(1);
        const s2 = await query(2);
        const s3 = await query(3);
        const s4 = await query(4);
        return parseStatusBytes(s1, s2, s3, s4);
      }),
    print: (bytes) => serial(() => write(bytes)),
    async close() {
      closed = true;
      if (waiter) {
        const w = waiter;
        waiter = null;
        clearTimeout(w.timer);
        w.reject(new PrinterError('closed', 'printer is closed'));
      }
      await transport.close();
    },
  };
}

async function spoolerPrinterStatus(transport: SpoolerTransport): Promise<PrinterStatus> {
  try {
    const s = await transport.spoolerStatus();
    return { paperOut: s.paperOut, paperNearEnd: false, coverOpen: s.coverOpen, offline: s.offline, cutterError: false, otherError: s.error };
  } catch (err) {
    throw new PrinterError('transport', 'the spooler did not report the printer state', { cause: err });
  }
}
