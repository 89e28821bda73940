import type { Transport } from '../transports/types';
import { decodeIdText, TEXT_BLOCK_BYTES } from './id-text';
import { SamError } from './sam-error';
import { encodeCommand, SAM_CMD, SamFrameParser, type SamCommandName, type SamResponseFrame } from './sam-frame';
import { SW3 } from './sam-status';
import type { IdCardData } from './types';

export interface IdCardReaderOptions {
  /** Per-command answer timeout. Default 2000 ms (a full read at 9600 baud takes ~1.4 s). */
  timeoutMs?: number;
  /** Consecutive "no card" answers needed before a read card counts as removed. Default 2. */
  removalConfirmations?: number;
  /** Consecutive faults after which polling sends a SAM reset before trying again. Default 3. */
  resetAfterFaults?: number;
}

export type ReaderStatusEvent =
  | { state: 'ready' } // healthy, no card
  | { state: 'reading' }
  | { state: 'card_read' }
  | { state: 'card_removed' }
  | { state: 'card_rejected'; error: SamError } // read, but its content failed the checks (code invalid_card)
  | { state: 'fault'; error: SamError }
  | { state: 'recovered' };

export interface PollingOptions {
  intervalMs?: number;
  fingerprint?: boolean;
  /** Called once per card placement. Exceptions thrown by it are ignored by the poller. */
  onCard: (card: IdCardData) => void;
  onError?: (err: SamError) => void;
  /**
   * A placed card was read but its content failed the checks (SamError 'invalid_card'): called once per placement,
   * instead of onCard. The card is not read again until it is taken off and placed again.
   */
  onRejected?: (err: SamError) => void;
  onStatus?: (ev: ReaderStatusEvent) => void;
}

export interface IdCardReader {
  reset(): Promise<void>;
  status(): Promise<void>;
  samId(): Promise<string>;
  /** null = no card on the reader. Throws SamError on faults. */
  readCard(opts?: { fingerprint?: boolean }): Promise<IdCardData | null>;
  /** Returns a stop function. */
  startPolling(opts: PollingOptions): () => void;
  /** Stops polling and closes the transport. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (f: SamResponseFrame) => void;
  reject: (e: SamError) => void;
  timer: NodeJS.Timeout;
}

/** GA 467 ID-card reader (SAM protocol) over any Transport. Opens the transport on first use and after it drops. */
export function createIdCardReader(transport: Transport, opts: IdCardReaderOptions = {}): IdCardReader {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const removalConfirmations = opts.removalConfirmations ?? 2;
  const resetAfterFaults = opts.resetAfterFaults ?? 3;
  const parser = new SamFrameParser('response');
  let pending: Pending | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  let stopPolling: (() => void) | null = null;

  function settle(fn: (p: Pending) => void): void {
    const p = pending;
    if (!p) return;
    pending = null;
    clearTimeout(p.timer);
    fn(p);
  }

  transport.onData((chunk) => {
    if (!pending) return; // unsolicited bytes (or a late answer after a timeout) are dropped
    parser.push(chunk);
    try {
      const frame = parser.next();
      if (frame) settle((p) => p.resolve(frame));
    } catch (err) {
      const e = err instanceof SamError ? err : new SamError('bad_response', 'unparseable answer', { cause: err });
      settle((p) => p.reject(e));
    }
  });
  transport.onClose((reason) => {
    if (reason) settle((p) => p.reject(new SamError('transport', 'reader connection lost', { cause: reason })));
  });

  async function ensureOpen(): Promise<void> {
    if (transport.isOpen) return;
    try {
      await transport.open();
    } catch (err) {
      throw new SamError('transport', 'reader could not be opened', { cause: err });
    }
  }

  function exchangeNow(name: SamCommandName): Promise<SamResponseFrame> {
    return new Promise<SamResponseFrame>((resolve, reject) => {
      if (closed) return reject(new SamError('closed', 'reader is closed'));
      parser.reset();
      const timer = setTimeout(() => settle((p) => p.reject(new SamError('timeout', `no answer to ${name}`))), timeoutMs);
      pending = { resolve, reject, timer };
      const [cmd, para] = SAM_CMD[name];
      transport
        .write(encodeCommand(cmd, para))
        .catch((err: unknown) => settle((p) => p.reject(new SamError('transport', `sending ${name} failed`, { cause: err }))));
    });
  }

  /** One command at a time (the SAM is half-duplex). */
  function exchange(name: SamCommandName): Promise<SamResponseFrame> {
    const run = async (): Promise<SamResponseFrame> => {
      await ensureOpen();
      return exchangeNow(name);
    };
    const result = chain.then(run, run);
    chain = result.catch(() => undefined);
    return result;
  }

  function expectStatus(frame: SamResponseFrame, ...ok: number[]): void {
    if (!ok.includes(frame.sw3)) throw SamError.fromStatus(frame.sw3);
  }

  async function findCard(): Promise<boolean> {
    const f = await exchange('findCard');
    if (f.sw3 === SW3.FIND_FAILED) return false;
    expectStatus(f, SW3.CARD_FOUND);
    return true;
  }

  async function selectAndRead(fingerprint: boolean): Promise<IdCardData> {
    expectStatus(await exchange('selectCard'), SW3.OK);
    const f = await exchange(fingerprint ? 'readWithFingerprint' : 'readText');
    expectStatus(f, SW3.OK);
    return parseReadData(f.data, fingerprint);
  }

  const reader: IdCardReader = {
    async reset() {
      expectStatus(await exchange('reset'), SW3.OK);
    },
    async status() {
      expectStatus(await exchange('status'), SW3.OK);
    },
    async samId() {
      const f = await exchange('samId');
      expectStatus(f, SW3.OK);
      return formatSamId(f.data);
    },
    async readCard(o = {}) {
      if (!(await findCard())) return null;
      return selectAndRead(o.fingerprint ?? false);
    },
    startPolling(p) {
      stopPolling?.();
      let stopped = false;
      let timer: NodeJS.Timeout | null = null;
      let cardRead = false;
      let misses = 0;
      let faults = 0;
      let last: ReaderStatusEvent['state'] | null = null;
      const emit = (ev: ReaderStatusEvent): void => {
        if (ev.state === last && ev.state !== 'fault') return;
        last = ev.state;
        try {
          p.onStatus?.(ev);
        } catch {
          /* a consumer's exception must not stop the poller */
        }
      };
      const tick = async (): Promise<void> => {
        try {
          if (faults >= resetAfterFaults) await reader.reset();
          const present = await findCard();
          if (stopped) return;
          if (faults > 0) {
            faults = 0;
            emit({ state: 'recovered' });
          }
          if (!present) {
            misses++;
            if (cardRead && misses >= removalConfirmations) {
              cardRead = false;
              emit({ state: 'card_removed' });
            }
            if (!cardRead) emit({ state: 'ready' });
          } else {
            misses = 0;
            if (!cardRead) {
              emit({ state: 'reading' });
              const card = await selectAndRead(p.fingerprint ?? false);
              if (stopped) return;
              cardRead = true;
              emit({ state: 'card_read' });
              try {
                p.onCard(card);
              } catch {
                /* ignored, see PollingOptions.onCard */
              }
            }
          }
        } catch (err) {
          if (stopped) return;
          if (err instanceof SamError && err.code === 'invalid_card') {
            cardRead = true; // this placement is answered: not re-read until the card is taken off
            emit({ state: 'card_rejected', error: err });
            try {
              p.onRejected?.(err);
            } catch {
              /* ignored, as onCard */
            }
            return;
          }
          faults++;
          const e = err instanceof SamError ? err : new SamError('bad_response', 'unexpected reader failure', { cause: err });
          try {
            p.onError?.(e);
          } catch {
            /* ignored */
          }
          emit({ state: 'fault', error: e });
        }
      };
      const loop = async (): Promise<void> => {
        await tick();
        if (!stopped) timer = setTimeout(() => void loop(), p.intervalMs ?? 300);
      };
      void loop();
      const stop = (): void => {
        stopped = true;
        if (timer) clearTimeout(timer);
        if (stopPolling === stop) stopPolling = null;
      };
      stopPolling = stop;
      return stop;
    },
    async close() {
      stopPolling?.();
      closed = true;
      settle((p) => p.reject(new SamError('closed', 'reader is closed')));
      await transport.close();
    },
  };
  return reader;
}

/** Data of a 30 01 / 30 10 answer: text length, photo length, [fingerprint length], then the blocks. */
export function parseReadData(data: Uint8Array, withFingerprint: boolean): IdCardData {
  const head = withFingerprint ? 6 : 4;
  if (data.length < head) throw new SamError('bad_response', 'read answer too short');
  const textLen = (data[0]! << 8) | data[1]!;
  const photoLen = (data[2]! << 8) | data[3]!;
  const fpLen = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (textLen !== TEXT_BLOCK_BYTES || head + textLen + photoLen + fpLen !== data.length) {
    throw new SamError('bad_response', 'read answer has inconsistent block lengths');
  }
  const text = data.slice(head, head + textLen);
  const photo = data.slice(head + textLen, head + textLen + photoLen);
  const fp = fpLen > 0 ? data.slice(head + textLen + photoLen) : undefined;
  return decodeIdText(text, photo, fp);
}

/** 16-byte SAM management info → the "05.01-20101206-0011450453-1234567890" form vendors print. */
export function formatSamId(data: Uint8Array): string {
  if (data.length < 16) throw new SamError('bad_response', 'SAM id answer too short');
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return [
    `${p2(v.getUint16(0, true))}.${p2(v.getUint16(2, true))}`,
    String(v.getUint32(4, true)).padStart(8, '0'),
    String(v.getUint32(8, true)).padStart(10, '0'),
    String(v.getUint32(12, true)).padStart(10, '0'),
  ].join('-');
}

export function encodeSamId(id: string): Uint8Array {
  const m = /^(\d+)\.(\d+)-(\d+)-(\d+)-(\d+)$/.exec(id);
  if (!m) throw new RangeError('bad SAM id');
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setUint16(0, Number(m[1]), true);
  v.setUint16(2, Number(m[2]), true);
  v.setUint32(4, Number(m[3]), true);
  v.setUint32(8, Number(m[4]), true);
  v.setUint32(12, Number(m[5]), true);
  return out;
}
