import type { CloseListener, DataListener, TransportError } from './types';

/** Listener bookkeeping shared by all transports (subscribe → unsubscribe function). */
export class TransportListeners {
  private readonly data = new Set<DataListener>();
  private readonly close = new Set<CloseListener>();

  onData(cb: DataListener): () => void {
    this.data.add(cb);
    return () => {
      this.data.delete(cb);
    };
  }

  onClose(cb: CloseListener): () => void {
    this.close.add(cb);
    return () => {
      this.close.delete(cb);
    };
  }

  emitData(chunk: Uint8Array): void {
    for (const cb of [...this.data]) cb(chunk);
  }

  emitClose(reason: TransportError | null): void {
    for (const cb of [...this.close]) cb(reason);
  }
}

/** Copies a Buffer view into a plain Uint8Array so listeners never see a pooled Buffer's neighbours. */
export function toBytes(chunk: Uint8Array): Uint8Array {
  return new Uint8Array(chunk);
}

export function errorCodeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
