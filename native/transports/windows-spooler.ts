import { createRequire } from 'node:module';
import { TransportListeners } from './listeners';
import { TransportError, type Transport } from './types';

/**
 * Windows printers through the print spooler in RAW mode: the ESC/POS bytes pass the spooler untouched, so a
 * receipt printer installed with any driver (or the "Generic / Text Only" one) prints exactly what the driver
 * code built. Each write() is one spooler document (one receipt, one job), so jobs never interleave.
 *
 * The spooler is one-way: no bytes come back, so DLE EOT status queries cannot be answered. The spooler's own
 * printer status (PRINTER_INFO_6) stands in for them; see `spoolerStatus()`.
 */

/** The few winspool.drv calls the transport needs. The real one is `loadWinspool()`; tests may pass another. */
export interface SpoolerApi {
  /** OpenPrinterW; null when there is no such printer (or it cannot be opened). */
  openPrinter(name: string): unknown;
  /** StartDocPrinterW (level 1, datatype RAW) + StartPagePrinter; the job id, or 0 on failure. */
  startRawDocument(handle: unknown, documentName: string): number;
  /** WritePrinter; the number of bytes the spooler took, or -1 on failure. */
  writePrinter(handle: unknown, data: Uint8Array): number;
  /** EndPagePrinter + EndDocPrinter: hands the job to the printer. */
  endDocument(handle: unknown): boolean;
  /** AbortPrinter: deletes the job being written (nothing of it is printed). */
  abortDocument(handle: unknown): boolean;
  /** GetPrinterW level 6: the PRINTER_STATUS_* flags, or null when they cannot be read. */
  printerStatus(handle: unknown): number | null;
  closePrinter(handle: unknown): void;
}

/** PRINTER_STATUS_* flags (winspool.h) that matter at a counter. */
export const PRINTER_STATUS = {
  PAUSED: 0x1,
  ERROR: 0x2,
  PAPER_JAM: 0x8,
  PAPER_OUT: 0x10,
  PAPER_PROBLEM: 0x40,
  OFFLINE: 0x80,
  NOT_AVAILABLE: 0x1000,
  DOOR_OPEN: 0x400000,
  SERVER_UNKNOWN: 0x800000,
} as const;

export interface SpoolerPrinterStatus {
  paperOut: boolean;
  coverOpen: boolean;
  offline: boolean;
  error: boolean;
}

/** What the spooler's flags say about a receipt printer. */
export function spoolerStatusFromFlags(flags: number): SpoolerPrinterStatus {
  const S = PRINTER_STATUS;
  return {
    paperOut: (flags & (S.PAPER_OUT | S.PAPER_PROBLEM)) !== 0,
    coverOpen: (flags & S.DOOR_OPEN) !== 0,
    offline: (flags & (S.OFFLINE | S.PAUSED | S.NOT_AVAILABLE | S.SERVER_UNKNOWN)) !== 0,
    error: (flags & (S.ERROR | S.PAPER_JAM)) !== 0,
  };
}

export interface SpoolerTransport extends Transport {
  readonly kind: 'spooler';
  /** The printer's state as the spooler reports it; throws TransportError when it cannot be read. */
  spoolerStatus(): Promise<SpoolerPrinterStatus>;
}

export function isSpoolerTransport(t: Transport): t is SpoolerTransport {
  return t.kind === 'spooler';
}

export interface WindowsSpoolerTransportOptions {
  /** The printer's name as Windows shows it, e.g. "EPSON TM-T82III Receipt". */
  printerName: string;
  /** Document name in the print queue (no personal data). Default "OneWindow". */
  documentName?: string;
  /** The spooler; default the real winspool.drv (Windows only). */
  api?: SpoolerApi;
}

export function createWindowsSpoolerTransport(opts: WindowsSpoolerTransportOptions): SpoolerTransport {
  const listeners = new TransportListeners();
  const documentName = opts.documentName ?? 'OneWindow';
  let api = opts.api ?? null;
  let handle: unknown = null;

  function opened(): { api: SpoolerApi; handle: unknown } {
    if (!api || handle === null) throw new TransportError('not_open', `printer "${opts.printerName}" is not open`);
    return { api, handle };
  }

  return {
    kind: 'spooler',
    endpoint: `spooler:${opts.printerName}`,
    get isOpen() {
      return handle !== null;
    },
    async open() {
      if (handle !== null) return;
      api ??= loadWinspool();
      const h = api.openPrinter(opts.printerName);
      if (h === null || h === undefined) throw new TransportError('not_found', `Windows has no printer named "${opts.printerName}"`);
      handle = h;
    },
    async write(data) {
      const s = opened();
      const job = s.api.startRawDocument(s.handle, documentName);
      if (job === 0) throw new TransportError('write_failed', `the spooler refused a new document for "${opts.printerName}"`);
      let offset = 0;
      while (offset < data.byteLength) {
        const n = s.api.writePrinter(s.handle, data.subarray(offset));
        if (n <= 0) {
          // Never leave half a receipt in the queue: the job is deleted, the caller may print it again whole.
          s.api.abortDocument(s.handle);
          throw new TransportError('write_failed', `the spooler stopped taking bytes for "${opts.printerName}" (job ${job} deleted)`);
        }
        offset += n;
      }
      if (!s.api.endDocument(s.handle)) {
        s.api.abortDocument(s.handle);
        throw new TransportError('write_failed', `the spooler could not finish job ${job} for "${opts.printerName}"`);
      }
    },
    async spoolerStatus() {
      const s = opened();
      const flags = s.api.printerStatus(s.handle);
      if (flags === null) throw new TransportError('read_failed', `the spooler did not report the state of "${opts.printerName}"`);
      return spoolerStatusFromFlags(flags);
    },
    onData: (cb) => listeners.onData(cb), // the spooler sends nothing back
    onClose: (cb) => listeners.onClose(cb),
    async close() {
      if (handle === null) return;
      const h = handle;
      handle = null;
      api?.closePrinter(h);
      listeners.emitClose(null);
    },
  };
}

let winspool: SpoolerApi | null = null;

/**
 * The real winspool.drv through koffi (a maintained FFI library with prebuilt binaries), bound once per process
 * (koffi type names are process-wide). Windows only.
 */
export function loadWinspool(): SpoolerApi {
  if (process.platform !== 'win32') throw new TransportError('unsupported', 'the Windows print spooler exists only on Windows');
  winspool ??= bindWinspool();
  return winspool;
}

function bindWinspool(): SpoolerApi {
  const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  const lib = koffi.load('winspool.drv');
  koffi.struct('DOC_INFO_1W', { pDocName: 'str16', pOutputFile: 'str16', pDatatype: 'str16' });
  const OpenPrinterW = lib.func('bool __stdcall OpenPrinterW(str16 name, _Out_ void **handle, void *defaults)');
  const StartDocPrinterW = lib.func('uint32 __stdcall StartDocPrinterW(void *handle, uint32 level, DOC_INFO_1W *info)');
  const StartPagePrinter = lib.func('bool __stdcall StartPagePrinter(void *handle)');
  const WritePrinter = lib.func('bool __stdcall WritePrinter(void *handle, const uint8_t *buf, uint32 size, _Out_ uint32 *written)');
  const EndPagePrinter = lib.func('bool __stdcall EndPagePrinter(void *handle)');
  const EndDocPrinter = lib.func('bool __stdcall EndDocPrinter(void *handle)');
  const AbortPrinter = lib.func('bool __stdcall AbortPrinter(void *handle)');
  const GetPrinterW = lib.func('bool __stdcall GetPrinterW(void *handle, uint32 level, _Out_ uint8_t *buf, uint32 size, _Out_ uint32 *needed)');
  const ClosePrinter = lib.func('bool __stdcall ClosePrinter(void *handle)');
  return {
    openPrinter(name) {
      const out: unknown[] = [null];
      return OpenPrinterW(name, out, null) ? out[0] : null;
    },
    startRawDocument(h, documentName) {
      const job = StartDocPrinterW(h, 1, { pDocName: documentName, pOutputFile: null, pDatatype: 'RAW' }) as number;
      if (job === 0) return 0;
      if (!StartPagePrinter(h)) {
        AbortPrinter(h);
        return 0;
      }
      return job;
    },
    writePrinter(h, data) {
      const written = [0];
      return WritePrinter(h, data, data.byteLength, written) ? written[0]! : -1;
    },
    endDocument: (h) => Boolean(EndPagePrinter(h)) && Boolean(EndDocPrinter(h)),
    abortDocument: (h) => Boolean(AbortPrinter(h)),
    printerStatus(h) {
      const buf = Buffer.alloc(4); // PRINTER_INFO_6 { DWORD dwStatus }
      const needed = [0];
      return GetPrinterW(h, 6, buf, buf.length, needed) ? buf.readUInt32LE(0) : null;
    },
    closePrinter: (h) => void ClosePrinter(h),
  };
}
