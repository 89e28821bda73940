import net from 'node:net';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileTransport, createPtyPair, createSerialTransport, createTcpTransport, TransportError, type PtyPair, type Transport } from '../../../native/transports';

function collect(t: Transport, n: number): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const parts: number[] = [];
    const off = t.onData((chunk) => {
      parts.push(...chunk);
      if (parts.length >= n) {
        off();
        resolve(Uint8Array.from(parts));
      }
    });
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function pair(): Promise<PtyPair> {
  const p = await createPtyPair();
  cleanups.push(() => p.close());
  return p;
}

describe('pty pair', () => {
  it('creates both links and removes them on close', async () => {
    const p = await createPtyPair();
    expect(existsSync(p.a) && existsSync(p.b)).toBe(true);
    await p.close();
    expect(existsSync(p.a) || existsSync(p.b)).toBe(false);
    await p.close(); // idempotent
  });
});

describe('serial transport over a real pty', () => {
  it('moves bytes both ways and reports close', async () => {
    const p = await pair();
    const a = createSerialTransport({ path: p.a });
    const b = createSerialTransport({ path: p.b, baudRate: 9600 });
    await a.open();
    await b.open();
    cleanups.push(() => a.close(), () => b.close());
    expect(a.kind).toBe('serial');
    expect(a.isOpen).toBe(true);
    const payload = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
    const got = collect(b, payload.length);
    await a.write(payload);
    expect(Buffer.from(await got).equals(Buffer.from(payload))).toBe(true);
    const back = collect(a, 2);
    await b.write(Uint8Array.of(0xaa, 0x55));
    expect([...(await back)]).toEqual([0xaa, 0x55]);
    const closed = new Promise((resolve) => a.onClose(resolve));
    await a.close();
    expect(await closed).toBeNull();
    expect(a.isOpen).toBe(false);
    await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'not_open' });
    // re-open after close keeps listeners
    await a.open();
    const again = collect(a, 1);
    await b.write(Uint8Array.of(7));
    expect([...(await again)]).toEqual([7]);
  });

  it('reports a missing port as a typed not_found error', async () => {
    const t = createSerialTransport({ path: '/nonexistent/ttyFOO' });
    const err = await t.open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('not_found');
  });
});

describe('file transport (device file, here a pty end)', () => {
  it('writes to and polls reads from a character device', async () => {
    const p = await pair();
    const dev = createFileTransport({ path: p.b, pollIntervalMs: 5 });
    const other = createSerialTransport({ path: p.a });
    await other.open();
    await dev.open();
    cleanups.push(() => dev.close(), () => other.close());
    expect(dev.kind).toBe('file');
    const got = collect(other, 5);
    await dev.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x42, 0x0a));
    expect([...(await got)]).toEqual([0x1b, 0x40, 0x41, 0x42, 0x0a]);
    const answer = collect(dev, 1);
    await other.write(Uint8Array.of(0x12));
    expect([...(await answer)]).toEqual([0x12]);
  });

  it('reports a missing device file as not_found', async () => {
    await expect(createFileTransport({ path: '/dev/usb/lp99-nope' }).open()).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('tcp transport', () => {
  it('talks to a loopback server and sees the peer close', async () => {
    const server = net.createServer((sock) => sock.on('data', (d) => sock.write(Buffer.from([...d].reverse()))));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const t = createTcpTransport({ host: '127.0.0.1', port });
    await t.open();
    cleanups.push(() => t.close());
    expect(t.endpoint).toBe(`127.0.0.1:${port}`);
    const got = collect(t, 3);
    await t.write(Uint8Array.of(1, 2, 3));
    expect([...(await got)]).toEqual([3, 2, 1]);
    const closed = new Promise<unknown>((resolve) => t.onClose(resolve));
    await t.close();
    expect(await closed).toBeNull();
  });

  it('reports a refused connection as not_found', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    await expect(createTcpTransport({ host: '127.0.0.1', port }).open()).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reports a peer-side drop as a disconnected close', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const t = createTcpTransport({ host: '127.0.0.1', port });
    await t.open();
    const closed = new Promise<unknown>((resolve) => t.onClose(resolve));
    while (sockets.length === 0) await new Promise((r) => setTimeout(r, 5));
    sockets[0]!.destroy();
    const reason = await closed;
    expect(reason).toBeInstanceOf(TransportError);
    expect((reason as TransportError).code).toBe('disconnected');
    expect(t.isOpen).toBe(false);
  });
});

describe('native USB / HID bindings', () => {
  it('node-hid loads for real and a missing pad is a typed not_found', async () => {
    const { loadNodeHid, createHidTransport } = await import('../../../native/transports');
    const info = await loadNodeHid();
    expect(info.hidapiVersion).toMatch(/^\d+\.\d+/);
    const t = createHidTransport({ vendorId: 0x056a, productId: 0x00a5 });
    expect(t.kind).toBe('hid');
    await expect(t.open()).rejects.toMatchObject({ name: 'TransportError', code: 'not_found' });
    await expect(t.getFeatureReport(9, 17)).rejects.toMatchObject({ code: 'not_open' });
  });

  it('USB bulk transport reports a missing 0400:C35A reader as a typed not_found', async () => {
    const { createUsbBulkTransport } = await import('../../../native/transports');
    const t = createUsbBulkTransport({ vendorId: 0x0400, productId: 0xc35a });
    expect(t.endpoint).toBe('0400:c35a');
    await expect(t.open()).rejects.toMatchObject({ name: 'TransportError', code: 'not_found' });
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'not_open' });
  });
});
