import { randomUUID } from 'node:crypto';
import type { ReceiptPrinter } from './printer';
import { PrinterError } from './printer-error';
import { isPrintable, statusTextZh, type PrinterStatus } from './status';

/**
 * A print queue that keeps each job until the printer reports it can print, retries after the fault
 * clears, and never prints a job twice by accident:
 * - a job is written at most once per attempt, and only after a status check said "printable";
 * - when the outcome is unknown (write failed midway, or the printer faulted right after), the job goes to
 *   `uncertain` and is NOT retried automatically — only an explicit reprint(jobId) (a teller's decision)
 *   sends it again;
 * - a job is marked `done` exactly once; enqueueing an existing job id is a no-op.
 */
export type PrintJobState = 'queued' | 'held' | 'printing' | 'done' | 'uncertain' | 'cancelled';

export interface PrintJobInfo {
  id: string;
  state: PrintJobState;
  /** How many times its bytes were sent. */
  attempts: number;
  /** Chinese reason while held / uncertain. */
  reason?: string;
  /** What the printer said that put the job there: its status, or the error when it did not answer. */
  status?: PrinterStatus;
  error?: PrinterError;
}

export type PrintQueueEvent =
  | { type: 'queued' | 'printing' | 'done' | 'cancelled'; jobId: string }
  | { type: 'held'; jobId: string; reason: string; status?: PrinterStatus; error?: PrinterError }
  /**
   * `during`: the write of the job's bytes failed midway (`error`); `after`: the bytes went out, then the printer
   * reported a fault (`status`) or did not answer its status (`error`).
   */
  | { type: 'uncertain'; jobId: string; reason: string; stage: 'during' | 'after'; status?: PrinterStatus; error?: PrinterError };

export interface PrintQueueOptions {
  printer: ReceiptPrinter;
  /** How often a held job re-checks the printer. Default 500 ms. */
  retryIntervalMs?: number;
  onEvent?: (ev: PrintQueueEvent) => void;
}

export interface PrintQueue {
  /** Adds a job (bytes are copied). Returns its id. An id already known is not added twice. */
  enqueue(bytes: Uint8Array, opts?: { jobId?: string }): string;
  get(jobId: string): PrintJobInfo | undefined;
  jobs(): PrintJobInfo[];
  /** Explicitly sends an `uncertain` (or done) job again — for a teller who saw it did not print. */
  reprint(jobId: string): boolean;
  cancel(jobId: string): boolean;
  /** Resolves when no job is queued, held or printing. */
  idle(): Promise<void>;
  close(): void;
}

interface Job extends PrintJobInfo {
  bytes: Uint8Array;
}

export function createPrintQueue(opts: PrintQueueOptions): PrintQueue {
  const retryMs = opts.retryIntervalMs ?? 500;
  const jobs = new Map<string, Job>();
  const order: string[] = [];
  let running = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let idleWaiters: Array<() => void> = [];

  const emit = (ev: PrintQueueEvent): void => {
    try {
      opts.onEvent?.(ev);
    } catch {
      /* a listener's exception must not stop the queue */
    }
  };
  const info = (j: Job): PrintJobInfo => ({
    id: j.id,
    state: j.state,
    attempts: j.attempts,
    ...(j.reason ? { reason: j.reason } : {}),
    ...(j.status ? { status: j.status } : {}),
    ...(j.error ? { error: j.error } : {}),
  });
  /** Held or uncertain: why, and what the printer said. */
  function setReason(job: Job, reason: string, extra: { status?: PrinterStatus; error?: PrinterError }): void {
    job.reason = reason;
    job.status = extra.status;
    job.error = extra.error;
  }
  function clearReason(job: Job): void {
    delete job.reason;
    delete job.status;
    delete job.error;
  }
  const pendingJob = (): Job | undefined =>
    order.map((id) => jobs.get(id)!).find((j) => j.state === 'queued' || j.state === 'held');
  const isIdle = (): boolean => !pendingJob() && ![...jobs.values()].some((j) => j.state === 'printing');

  function settleIdle(): void {
    if (!isIdle()) return;
    const w = idleWaiters;
    idleWaiters = [];
    for (const fn of w) fn();
  }

  function hold(job: Job, reason: string, extra: { status?: PrinterStatus; error?: PrinterError }): void {
    const changed = job.state !== 'held' || job.reason !== reason;
    job.state = 'held';
    setReason(job, reason, extra);
    if (changed) emit({ type: 'held', jobId: job.id, reason, ...extra });
  }

  function markUncertain(job: Job, reason: string, stage: 'during' | 'after', extra: { status?: PrinterStatus; error?: PrinterError }): void {
    job.state = 'uncertain';
    setReason(job, reason, extra);
    emit({ type: 'uncertain', jobId: job.id, reason, stage, ...(extra.status ? { status: extra.status } : {}), ...(extra.error ? { error: extra.error } : {}) });
  }

  function markDone(job: Job): void {
    if (job.state !== 'printing') throw new Error('print queue invariant: done without printing');
    job.state = 'done';
    clearReason(job);
    emit({ type: 'done', jobId: job.id });
  }

  async function checkStatus(): Promise<{ status?: PrinterStatus; error?: PrinterError }> {
    try {
      return { status: await opts.printer.status() };
    } catch (err) {
      return { error: err instanceof PrinterError ? err : new PrinterError('transport', 'printer failure', { cause: err }) };
    }
  }

  async function runOnce(job: Job): Promise<'next' | 'wait'> {
    const before = await checkStatus();
    if (job.state === 'cancelled') return 'next';
    if (!before.status || !isPrintable(before.status)) {
      const reason = before.status ? statusTextZh(before.status)! : before.error!.messageZh;
      hold(job, reason, before);
      return 'wait';
    }
    job.state = 'printing';
    clearReason(job);
    job.attempts++;
    emit({ type: 'printing', jobId: job.id });
    try {
      await opts.printer.print(job.bytes);
    } catch (err) {
      const e = err instanceof PrinterError ? err : new PrinterError('transport', 'printer failure', { cause: err });
      markUncertain(job, '打印过程中连接中断，请确认凭证是否已打印', 'during', { error: e });
      return 'next';
    }
    const after = await checkStatus();
    if (after.status && isPrintable(after.status)) markDone(job);
    else {
      const why = after.status ? statusTextZh(after.status) : after.error?.messageZh;
      markUncertain(job, `打印后打印机报告：${why ?? '状态未知'}，请确认凭证是否完整`, 'after', after);
    }
    return 'next';
  }

  async function run(): Promise<void> {
    if (running || closed) return;
    running = true;
    try {
      for (let job = pendingJob(); job && !closed; job = pendingJob()) {
        if ((await runOnce(job)) === 'wait') {
          if (!closed) retryTimer = setTimeout(() => void run(), retryMs);
          return;
        }
      }
    } finally {
      running = false;
      settleIdle();
    }
  }

  function kick(): void {
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
    }
    void run();
  }

  return {
    enqueue(bytes, o = {}) {
      const id = o.jobId ?? randomUUID();
      if (jobs.has(id)) return id;
      jobs.set(id, { id, bytes: Uint8Array.from(bytes), state: 'queued', attempts: 0 });
      order.push(id);
      emit({ type: 'queued', jobId: id });
      if (!running) kick();
      return id;
    },
    get(id) {
      const j = jobs.get(id);
      return j && info(j);
    },
    jobs: () => order.map((id) => info(jobs.get(id)!)),
    reprint(id) {
      const j = jobs.get(id);
      if (!j || (j.state !== 'uncertain' && j.state !== 'done')) return false;
      j.state = 'queued';
      clearReason(j);
      emit({ type: 'queued', jobId: id });
      if (!running) kick();
      return true;
    },
    cancel(id) {
      const j = jobs.get(id);
      if (!j || (j.state !== 'queued' && j.state !== 'held' && j.state !== 'uncertain')) return false;
      j.state = 'cancelled';
      emit({ type: 'cancelled', jobId: id });
      settleIdle();
      return true;
    },
    idle() {
      return isIdle() ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r));
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
