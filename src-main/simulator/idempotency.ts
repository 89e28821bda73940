/**
 * The idempotency gate of one endpoint: replays stored first responses, refuses a reused key with a
 * different body, answers 409 while another request holds the key, and applies new writes exactly once.
 */
import { createHash } from 'node:crypto';
import { errorBody, type Outcome } from './bureau';
import type { SimStore } from './store';
import type { EndpointName } from './types';

/** sha256 of the body's canonical JSON (keys sorted), so re-serialised or gzip-sent bodies compare equal. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface WriteItem {
  key: string;
  hash: string;
  /** Runs inside the write transaction when the key is new. */
  apply: () => Outcome;
}

export interface WriteResult extends Outcome {
  replayed: boolean;
}

const inProgress = (): WriteResult => ({
  status: 409,
  body: errorBody('in_progress', '该请求正在处理中，请稍后重试'),
  store: false,
  replayed: false,
});

export class IdempotencyGate {
  /** Keys held by a request that has not finished yet → the request holding them. */
  private readonly held = new Map<string, object>();

  constructor(
    private readonly store: SimStore,
    private readonly endpoint: EndpointName,
    private readonly nowIso: () => string,
  ) {}

  private lookup(item: WriteItem): WriteResult | undefined {
    const stored = this.store.getResponse(this.endpoint, item.key);
    if (!stored) return undefined;
    if (stored.requestHash !== item.hash) {
      return { status: 422, body: errorBody('key_reused', '幂等键已用于不同的请求内容'), store: false, replayed: false };
    }
    return { status: stored.status, body: stored.body as Record<string, unknown>, store: false, replayed: true };
  }

  /**
   * Processes the writes of one request in order. `processing` runs while the new keys are held (the
   * simulated processing time); then every new write is applied in one transaction, in order.
   */
  async run(items: WriteItem[], processing: () => Promise<void>, stillOpen: () => boolean): Promise<WriteResult[] | undefined> {
    const owner = {};
    const results: (WriteResult | undefined)[] = items.map((item) => {
      const done = this.lookup(item);
      if (done) return done;
      const holder = this.held.get(item.key);
      if (holder && holder !== owner) return inProgress();
      this.held.set(item.key, owner);
      return undefined;
    });
    try {
      await processing();
      if (!stillOpen()) return undefined;
      return this.store.transaction(() =>
        items.map((item, i) => {
          const early = results[i];
          if (early) return early;
          const done = this.lookup(item); // an earlier item of this same request may have stored it
          if (done) return done;
          const outcome = item.apply();
          if (outcome.store) {
            this.store.saveResponse(this.endpoint, item.key, { requestHash: item.hash, status: outcome.status, body: outcome.body }, this.nowIso());
            this.store.countApplied(this.endpoint, item.key);
          }
          return { ...outcome, replayed: false };
        }),
      );
    } finally {
      for (const item of items) if (this.held.get(item.key) === owner) this.held.delete(item.key);
    }
  }

  clear(): void {
    this.held.clear();
  }
}
