import { constants } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransportListeners, errorCodeOf } from './listeners';
import { TransportError, type Transport } from './types';

export interface FileTransportOptions {
  /** A character device such as `/dev/usb/lp0` (Linux USB printer class driver). */
  path: string;
  /** How often to look for bytes the device sent back (status answers). Default 10 ms. */
  pollIntervalMs?: number;
}

/**
 * A device file opened read-write and non-blocking. Writes go straight to the device; reads are polled,
 * because Linux `usblp` (like a pty) answers EAGAIN when it has nothing to say, and a blocking read would
 * pin a libuv worker thread.
 */
export function createFileTransport(opts: FileTransportOptions): Transport {
  const listeners = new TransportListeners();
  const pollMs = opts.pollIntervalMs ?? 10;
  let fh: FileHandle | null = null;
  let closing = false;
  let readLoop: Promise<void> | null = null;

  async function pump(handle: FileHandle): Promise<void> {
    const buf = Buffer.alloc(4096);
    while (fh === handle) {
      try {
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead > 0) {
          listeners.emitData(new Uint8Array(buf.subarray(0, bytesRead)));
          continue;
        }
      } catch (err) {
        if (fh !== handle) return;
        const code = errorCodeOf(err);
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') {
          fh = null;
          await handle.close().catch(() => undefined);
          listeners.emitClose(new TransportError('disconnected', `device file ${opts.path} stopped answering`, err));
          return;
        }
      }
      await sleep(pollMs);
    }
  }

  return {
    kind: 'file',
    endpoint: opts.path,
    get isOpen() {
      return fh !== null;
    },
    async open() {
      if (fh) return;
      try {
        fh = await openFile(opts.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
      } catch (err) {
        throw new TransportError(errorCodeOf(err) === 'ENOENT' ? 'not_found' : 'open_failed', `device file ${opts.path} could not be opened`, err);
      }
      closing = false;
      readLoop = pump(fh);
    },
    async write(data) {
      const handle = fh;
      if (!handle) throw new TransportError('not_open', `device file ${opts.path} is not open`);
      let offset = 0;
      while (offset < data.byteLength) {
        try {
          const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset, null);
          offset += bytesWritten;
        } catch (err) {
          const code = errorCodeOf(err);
          if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
            await sleep(pollMs); // device buffer full: wait, never drop bytes
            continue;
          }
          throw new TransportError('write_failed', `write to ${opts.path} failed`, err);
        }
      }
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      const handle = fh;
      if (!handle || closing) return;
      closing = true;
      fh = null;
      await readLoop?.catch(() => undefined);
      await handle.close().catch(() => undefined);
      listeners.emitClose(null);
    },
  };
}
