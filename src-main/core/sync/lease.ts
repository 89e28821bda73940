import type { Db } from '../db/open';
import { provablyDead, type ProcessIdentity } from './process-identity';

interface LeaseValue {
  holder: string;
  expiresAt: number;
  /** The holder's process (absent in leases written by older versions: those wait for expiry). */
  process?: ProcessIdentity;
}

export interface KvLeaseOptions {
  /** This holder's process, recorded with the lease so that others can prove it dead. */
  process?: ProcessIdentity;
  /** Whether a recorded holder process is provably gone (default: provablyDead, see process-identity.ts). */
  isDead?: (holder: ProcessIdentity) => boolean;
}

/**
 * A lease in the `kv` table: at most one holder at a time across every process that opens the database file.
 * The holder renews it while it works; if the holder dies the lease expires after `ttlMs` and another may take it.
 * A holder that recorded its process and is provably dead (same machine, its process gone: see
 * process-identity.ts) is taken over at once, so a core restarted after a crash sends without waiting for the TTL;
 * a live holder, or one that cannot be proven dead, keeps the lease until it expires.
 * Acquire/renew runs in a BEGIN IMMEDIATE transaction, so two processes cannot both see it free.
 */
export class KvLease {
  private expiresAt = 0;
  private readonly read;
  private readonly write;
  private readonly remove;
  /** The holder this lease was last taken over from because its process was gone (cleared by the next acquire). */
  private tookOverFrom: LeaseValue | null = null;

  constructor(
    private readonly db: Db,
    readonly key: string,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly opts: KvLeaseOptions = {},
  ) {
    this.read = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
    this.write = db.prepare(
      'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare('DELETE FROM kv WHERE key = ? AND value = ?');
  }

  private current(): LeaseValue | null {
    const row = this.read.get(this.key);
    if (!row) return null;
    try {
      return JSON.parse(row.value) as LeaseValue;
    } catch {
      return null;
    }
  }

  /** Takes or renews the lease. Returns true when this holder has it now. */
  acquire(): boolean {
    const now = this.clock();
    this.tookOverFrom = null;
    const taken = this.db
      .transaction(() => {
        const cur = this.current();
        if (cur && cur.holder !== this.holder && cur.expiresAt > now) {
          if (!cur.process || !(this.opts.isDead ?? provablyDead)(cur.process)) return 0;
          this.tookOverFrom = cur;
        }
        const value: LeaseValue = { holder: this.holder, expiresAt: now + this.ttlMs, ...(this.opts.process ? { process: this.opts.process } : {}) };
        this.write.run(this.key, JSON.stringify(value), new Date(now).toISOString());
        return value.expiresAt;
      })
      .immediate();
    this.expiresAt = taken;
    return taken > 0;
  }

  /** After acquire(): the holder whose unexpired lease was just taken because its process is gone, else null. */
  takenOverFrom(): { holder: string; pid: number; msLeft: number } | null {
    const t = this.tookOverFrom;
    return t?.process ? { holder: t.holder, pid: t.process.pid, msLeft: Math.max(0, t.expiresAt - this.clock()) } : null;
  }

  /** Whether this holder's lease (as last taken or renewed) is still valid. */
  held(): boolean {
    return this.expiresAt > this.clock();
  }

  /** Milliseconds until a renewal is due (a third of the time to live after the last renewal). */
  renewDueInMs(): number {
    return Math.max(0, this.expiresAt - (this.ttlMs * 2) / 3 - this.clock());
  }

  /** When someone else holds it: milliseconds until it expires (if not renewed). */
  otherExpiresInMs(): number {
    const cur = this.current();
    if (!cur || cur.holder === this.holder) return 0;
    return Math.max(0, cur.expiresAt - this.clock());
  }

  release(): void {
    if (this.expiresAt === 0) return;
    this.db
      .transaction(() => {
        const row = this.read.get(this.key);
        if (row && this.current()?.holder === this.holder) this.remove.run(this.key, row.value);
      })
      .immediate();
    this.expiresAt = 0;
  }
}
