/**
 * The Windows spooler transport's job framing and error paths, through a MOCK spooler (MockSpoolerApi below):
 * winspool.drv does not exist on Linux. The same transport runs against the real winspool under Wine in
 * tests/integration/native/windows-spooler-wine.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createReceiptPrinter, PrinterError } from '../../../native/printer';
import {
  createWindowsSpoolerTransport, loadWinspool, PRINTER_STATUS, spoolerStatusFromFlags, TransportError, type SpoolerApi,
} from '../../../native/transports';

/** MOCK of winspool.drv: records documents as the spooler would queue them; faults on request. */
class MockSpoolerApi implements SpoolerApi {
  printers = new Set(['Receipt']);
  jobs: { name: string; bytes: number[]; state: 'open' | 'queued' | 'aborted' }[] = [];
  maxChunk = Infinity;
  failWriteAfter = Infinity;
  flags: number | null = 0;
  closed = 0;
  private written = 0;
  openPrinter(name: string) {
    return this.printers.has(name) ? { name } : null;
  }
  startRawDocument(_h: unknown, name: string) {
    this.jobs.push({ name, bytes: [], state: 'open' });
    return this.jobs.length;
  }
  writePrinter(_h: unknown, data: Uint8Array) {
    if (this.written >= this.failWriteAfter) return -1;
    const n = Math.min(data.byteLength, this.maxChunk, this.failWriteAfter - this.written);
    this.jobs.at(-1)!.bytes.push(...data.subarray(0, n));
    this.written += n;
    return n;
  }
  endDocument() {
    this.jobs.at(-1)!.state = 'queued';
    return true;
  }
  abortDocument() {
    this.jobs.at(-1)!.state = 'aborted';
    return true;
  }
  printerStatus() {
    return this.flags;
  }
  closePrinter() {
    this.closed++;
  }
}

describe('Windows spooler transport (RAW)', () => {
  it('writes each receipt as one RAW document with every byte, in the order given, however the spooler chunks it', async () => {
    const api = new MockSpoolerApi();
    api.maxChunk = 7;
    const t = createWindowsSpoolerTransport({ printerName: 'Receipt', api });
    await t.open();
    const a = Uint8Array.from({ length: 100 }, (_, i) => i);
    const b = Uint8Array.from([0x1b, 0x40, 0x0a]);
    await t.write(a);
    await t.write(b);
    expect(api.jobs).toEqual([
      { name: 'OneWindow', bytes: [...a], state: 'queued' },
      { name: 'OneWindow', bytes: [...b], state: 'queued' },
    ]);
    expect(t.endpoint).toBe('spooler:Receipt');
    await t.close();
    expect(api.closed).toBe(1);
    await expect(t.write(b)).rejects.toMatchObject({ code: 'not_open' });
  });

  it('names a printer Windows does not have', async () => {
    const t = createWindowsSpoolerTransport({ printerName: 'Nope', api: new MockSpoolerApi() });
    await expect(t.open()).rejects.toMatchObject({ code: 'not_found', message: 'Windows has no printer named "Nope"' });
    expect(t.isOpen).toBe(false);
  });

  it('deletes a job the spooler stopped taking, so half a receipt never prints', async () => {
    const api = new MockSpoolerApi();
    api.failWriteAfter = 10;
    const t = createWindowsSpoolerTransport({ printerName: 'Receipt', api });
    await t.open();
    const err = await t.write(new Uint8Array(50)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ code: 'write_failed' });
    expect(api.jobs.map((j) => j.state)).toEqual(['aborted']);
  });

  it("maps the spooler's printer flags to the receipt printer's status", async () => {
    const S = PRINTER_STATUS;
    expect(spoolerStatusFromFlags(0)).toEqual({ paperOut: false, coverOpen: false, offline: false, error: false });
    expect(spoolerStatusFromFlags(S.PAPER_OUT)).toMatchObject({ paperOut: true });
    expect(spoolerStatusFromFlags(S.DOOR_OPEN)).toMatchObject({ coverOpen: true });
    expect(spoolerStatusFromFlags(S.OFFLINE)).toMatchObject({ offline: true });
    expect(spoolerStatusFromFlags(S.PAUSED)).toMatchObject({ offline: true });
    expect(spoolerStatusFromFlags(S.PAPER_JAM)).toMatchObject({ error: true });

    const api = new MockSpoolerApi();
    const printer = createReceiptPrinter(createWindowsSpoolerTransport({ printerName: 'Receipt', api }), { timeoutMs: 50 });
    api.flags = S.PAPER_OUT | S.ERROR;
    // No DLE EOT is written (the spooler would print it): the state comes from the spooler.
    expect(await printer.status()).toEqual({ paperOut: true, paperNearEnd: false, coverOpen: false, offline: false, cutterError: false, otherError: true });
    expect(api.jobs).toEqual([]);
    api.flags = null;
    await expect(printer.status()).rejects.toBeInstanceOf(PrinterError);
    await printer.close();
  });

  it.skipIf(process.platform === 'win32')('is Windows only (on Windows the real spooler loads)', () => {
    expect(() => loadWinspool()).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });
});
