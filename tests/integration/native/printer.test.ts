import { afterEach, describe, expect, it } from 'vitest';
import {
  createPrintQueue, createReceiptPrinter, escpos, PrinterError, type PrintQueue, type PrintQueueEvent, type ReceiptPrinter,
} from '../../../native/printer';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import { createFileTransport, createPtyPair, createSerialTransport, createTcpTransport, type PtyPair } from '../../../native/transports';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function receipt(no: string): Uint8Array {
  return escpos().init().align('center').bold().line('业务回执').bold(false).align('left')
    .line(`业务编号 ${no}`).qr(`https://example.invalid/r/${no}`).code128(no).cut().build();
}

async function overPty(): Promise<{ emu: PrinterEmulator; printer: ReceiptPrinter; pty: PtyPair }> {
  const pty = await createPtyPair();
  cleanups.push(() => pty.close());
  const emu = await startPrinterEmulator({ path: pty.a });
  cleanups.push(() => emu.close());
  const printer = createReceiptPrinter(createSerialTransport({ path: pty.b }), { timeoutMs: 300 });
  cleanups.push(() => printer.close());
  return { emu, printer, pty };
}

async function overTcp(): Promise<{ emu: PrinterEmulator; printer: ReceiptPrinter }> {
  const emu = await startPrinterEmulator({ tcpPort: 0 });
  cleanups.push(() => emu.close());
  const printer = createReceiptPrinter(createTcpTransport({ host: '127.0.0.1', port: emu.port! }), { timeoutMs: 300 });
  cleanups.push(() => printer.close());
  return { emu, printer };
}

describe.each([
  ['pty', overPty],
  ['tcp', overTcp],
])('receipt printer over %s', (_, setup) => {
  it('prints a receipt the emulator decodes (GB18030, QR, CODE128, cut)', async () => {
    const { emu, printer } = await setup();
    expect(await printer.status()).toMatchObject({ paperOut: false, coverOpen: false, offline: false });
    await printer.print(receipt('C-20240101-0001'));
    await until(() => emu.jobs().length === 1);
    const [job] = emu.jobs();
    expect(job!.text).toContain('业务回执');
    expect(job!.text).toContain('业务编号 C-20240101-0001');
    expect(job!.qrCodes).toEqual(['https://example.invalid/r/C-20240101-0001']);
    expect(job!.barcodes).toEqual(['C-20240101-0001']);
    expect(job!.cuts).toBe(1);
    expect(emu.decoded().text).toBe(job!.text);
  });

  it('reports paper out, near end and cover open', async () => {
    const { emu, printer } = await setup();
    emu.setPaperOut(true);
    expect(await printer.status()).toMatchObject({ paperOut: true, offline: true });
    emu.setPaperOut(false);
    emu.setPaperNearEnd(true);
    expect(await printer.status()).toMatchObject({ paperOut: false, paperNearEnd: true, offline: false });
    emu.setCoverOpen(true);
    expect(await printer.status()).toMatchObject({ coverOpen: true });
  });

  it('a silent printer gives a typed timeout', async () => {
    const { emu, printer } = await setup();
    emu.setSilent(true);
    const err = await printer.status().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).code).toBe('timeout');
    emu.setSilent(false);
    expect((await printer.status()).paperOut).toBe(false);
  });
});

describe('print queue', () => {
  function queue(printer: ReceiptPrinter): { q: PrintQueue; events: PrintQueueEvent[] } {
    const events: PrintQueueEvent[] = [];
    const q = createPrintQueue({ printer, retryIntervalMs: 50, onEvent: (e) => events.push(e) });
    cleanups.push(() => q.close());
    return { q, events };
  }

  it('out of paper mid-queue: job held, paper back, printed exactly once', async () => {
    const { emu, printer } = await overPty();
    const { q, events } = queue(printer);
    const first = q.enqueue(receipt('C-0001'));
    await q.idle();
    expect(q.get(first)?.state).toBe('done');
    emu.setPaperOut(true);
    const second = q.enqueue(receipt('C-0002'));
    await until(() => q.get(second)?.state === 'held');
    expect(q.get(second)?.reason).toBe('打印机缺纸，请装纸');
    await new Promise((r) => setTimeout(r, 300)); // several retries while out of paper
    expect(emu.jobs()).toHaveLength(1);
    expect(q.get(second)?.attempts).toBe(0);
    emu.setPaperOut(false);
    await q.idle();
    expect(q.get(second)).toMatchObject({ state: 'done', attempts: 1 });
    const jobs = emu.jobs();
    expect(jobs.map((j) => j.barcodes[0])).toEqual(['C-0001', 'C-0002']);
    expect(events.filter((e) => e.type === 'done').map((e) => e.jobId)).toEqual([first, second]);
    expect(events.filter((e) => e.type === 'held' && e.jobId === second)).toHaveLength(1);
  });

  it('holds while the printer does not answer and prints once it does', async () => {
    const { emu, printer } = await overTcp();
    const { q } = queue(printer);
    emu.setSilent(true);
    const id = q.enqueue(receipt('C-0003'));
    await until(() => q.get(id)?.state === 'held');
    expect(q.get(id)?.reason).toContain('无响应');
    emu.setSilent(false);
    await q.idle();
    expect(q.get(id)?.state).toBe('done');
    expect(emu.jobs()).toHaveLength(1);
  });

  it('the same job id enqueued twice prints once', async () => {
    const { emu, printer } = await overTcp();
    const { q } = queue(printer);
    q.enqueue(receipt('C-0004'), { jobId: 'case-4:rev-1' });
    q.enqueue(receipt('C-0004'), { jobId: 'case-4:rev-1' });
    await q.idle();
    expect(q.jobs()).toHaveLength(1);
    expect(emu.jobs()).toHaveLength(1);
  });

  it('an unknown outcome is not retried automatically; an explicit reprint sends it again', async () => {
    const { emu, printer } = await overTcp();
    const { q } = queue(printer);
    // the printer goes silent right after accepting the data: the queue cannot confirm the job
    const original = printer.print.bind(printer);
    printer.print = async (b) => {
      await original(b);
      emu.setSilent(true);
    };
    const id = q.enqueue(receipt('C-0005'));
    await q.idle();
    expect(q.get(id)).toMatchObject({ state: 'uncertain', attempts: 1 });
    emu.setSilent(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(q.get(id)?.state).toBe('uncertain');
    expect(emu.jobs()).toHaveLength(1);
    printer.print = original;
    expect(q.reprint(id)).toBe(true);
    await q.idle();
    expect(q.get(id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(emu.jobs()).toHaveLength(2);
  });
});

describe('printer over a device file transport', () => {
  it('prints and reads status through a character device (pty end standing in for /dev/usb/lp0)', async () => {
    const pty = await createPtyPair();
    cleanups.push(() => pty.close());
    const emu = await startPrinterEmulator({ path: pty.a });
    cleanups.push(() => emu.close());
    const printer = createReceiptPrinter(createFileTransport({ path: pty.b, pollIntervalMs: 5 }), { timeoutMs: 500 });
    cleanups.push(() => printer.close());
    expect((await printer.status()).paperOut).toBe(false);
    await printer.print(receipt('C-0006'));
    await until(() => emu.jobs().length === 1);
    expect(emu.jobs()[0]!.barcodes).toEqual(['C-0006']);
  });
});
