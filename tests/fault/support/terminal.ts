/**
 * A terminal database for sync tests: real SQLite file with the real migrations, the real vault, and a small case
 * driver that writes case + event + audit + outbox in ONE transaction, exactly as the case service does.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach } from 'vitest';
import { configSchema, type EndpointName, type TerminalConfig } from '../../../src-main/core/config/schema';
import { createVault, type Vault } from '../../../src-main/core/crypto/vault';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import type { SyncEngine, SyncEvent } from '../../../src-main/core/sync';
import { appendOutbox } from '../../../src-main/core/sync/outbox';
import type { Simulator } from '../../../src-main/simulator';
import { nowIso, toChinaTime } from '../../../src-main/core/util/time';

/** Fixed test key so that several processes can open the same terminal database. */
export const TEST_KEY = Buffer.alloc(32, 7);

export interface CaseOptions {
  endpoint?: EndpointName;
  /** An ID number the simulator rejects (sequence code 999 → 422 rejected). */
  reject?: boolean;
  /** A body that breaks the contract (no itemCode → 400 malformed). */
  malformed?: boolean;
  /** Bytes of the signature PNG (random, so it compresses like a real one). Default 256. */
  signatureBytes?: number;
}

export function randomIdNumber(reject = false): string {
  const seq = reject ? '999' : String(randomInt(0, 999)).padStart(3, '0');
  return `33030219860911${seq}${randomInt(0, 10)}`;
}

export function caseBody(caseId: string, rev: number, o: CaseOptions = {}): Record<string, unknown> {
  const png = randomBytes(o.signatureBytes ?? 256).toString('base64');
  const body: Record<string, unknown> = {
    caseId,
    rev,
    action: rev === 1 ? 'submit' : 'supplement',
    itemCode: (o.endpoint ?? 'si') === 'si' ? 'SI-04-02' : 'TX-01-01',
    kind: 'commitment',
    acceptedAt: toChinaTime(Date.now()),
    branchCode: '3303-LW-0012',
    windowNo: 3,
    tellerId: 'T0042',
    applicant: { idType: 'resident', idNumber: randomIdNumber(o.reject), name: '测试', gender: '1', birthDate: '1986-09-11' },
    form: { note: `rev ${rev}` },
    materials: [{ code: 'M01', name: '身份证', original: 1, copies: 0, received: true, deferred: false }],
    signature: { sha256: createHash('sha256').update(png).digest('hex'), png },
    feedback: { channel: 'sms', phone: '13800000000' },
    training: true,
  };
  if (o.malformed) delete body.itemCode;
  return body;
}

export interface TestTerminal {
  dir: string;
  file: string;
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  /** Accepts a new case (rev 1); returns its id. */
  addCase(o?: CaseOptions): string;
  /** Commits a prepared rev-1 body: case, event, audit and outbox row in one transaction (the case service's write). */
  commitCase(caseId: string, body: Record<string, unknown>, endpoint: EndpointName): void;
  /** Adds the next revision of a case. */
  addRevision(caseId: string, o?: CaseOptions): number;
  close(): void;
}

export function terminalConfig(urls: { si: string | null; tax: string | null }, extra: Record<string, unknown> = {}): TerminalConfig {
  return configSchema.parse({
    mode: 'development',
    endpoints: { si: { url: urls.si, timeoutMs: 2000 }, tax: { url: urls.tax, timeoutMs: 2000 } },
    ...extra,
  });
}

export function openTerminal(opts: { dir?: string; urls: { si: string | null; tax: string | null }; config?: TerminalConfig }): TestTerminal {
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'ow-sync-'));
  const file = path.join(dir, 'terminal.db');
  const db = openDatabase(file);
  const vault = createVault(TEST_KEY);
  const config = opts.config ?? terminalConfig(opts.urls);
  const insertCase = db.prepare(
    `INSERT INTO cases (id, rev, item_code, kind, endpoint, applicant_id, status, sync_state, body_enc, training, teller_id, window_no, accepted_at, updated_at)
     VALUES (?, 1, ?, 'commitment', ?, ?, 'accepted', 'queued', ?, 1, 'T0042', 3, ?, ?)`,
  );
  const reviseCase = db.prepare(`UPDATE cases SET rev = ?, body_enc = ?, sync_state = 'queued', updated_at = ? WHERE id = ?`);
  const caseInfo = db.prepare<[string], { rev: number; endpoint: EndpointName }>('SELECT rev, endpoint FROM cases WHERE id = ?');
  const insertEvent = db.prepare('INSERT INTO case_events (case_id, at, type, detail_json) VALUES (?, ?, ?, ?)');
  const insertAudit = db.prepare(`INSERT INTO audit (at, actor, action, case_id, detail_json) VALUES (?, 'T0042', ?, ?, ?)`);

  // One applicant serves every test case (the applicant service saves applicants in their own transaction).
  let applicant: string | null = null;
  const applicantId = (): string => {
    if (applicant) return applicant;
    const existing = db.prepare<[], { id: string }>('SELECT id FROM applicants LIMIT 1').get();
    if (existing) return (applicant = existing.id);
    const id = uuidv7();
    const idNumber = randomIdNumber();
    const at = nowIso();
    db.prepare(
      `INSERT OR IGNORE INTO applicants (id, id_hash, id_type, id_masked, name_masked, personal_enc, created_at, updated_at) VALUES (?, ?, 'resident', ?, '测*', ?, ?, ?)`,
    ).run(id, vault.lookupHash(idNumber), `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`, vault.seal({ idNumber }), at, at);
    return applicantId();
  };

  function commitCase(caseId: string, body: Record<string, unknown>, endpoint: EndpointName): void {
    const at = nowIso();
    const applicant = applicantId();
    db.transaction(() => {
      insertCase.run(caseId, String(body.itemCode ?? 'X'), endpoint, applicant, vault.seal(body), at, at);
      insertAudit.run(at, 'case.accept', caseId, JSON.stringify({ rev: 1 }));
      appendOutbox(db, { caseId, rev: 1, endpoint, sealedBody: vault.seal(body) }, at);
    })();
  }

  return {
    dir,
    file,
    db,
    vault,
    config,
    addCase(o = {}) {
      const caseId = uuidv7();
      commitCase(caseId, caseBody(caseId, 1, o), o.endpoint ?? 'si');
      return caseId;
    },
    commitCase,
    addRevision(caseId, o = {}) {
      const info = caseInfo.get(caseId);
      if (!info) throw new Error('no such case');
      const rev = info.rev + 1;
      const body = caseBody(caseId, rev, { ...o, endpoint: info.endpoint });
      const at = nowIso();
      db.transaction(() => {
        reviseCase.run(rev, vault.seal(body), at, caseId);
        insertEvent.run(caseId, at, 'revised', JSON.stringify({ rev }));
        insertAudit.run(at, 'case.revise', caseId, JSON.stringify({ rev }));
        appendOutbox(db, { caseId, rev, endpoint: info.endpoint, sealedBody: vault.seal(body) }, at);
      })();
      return rev;
    },
    close() {
      db.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when `cond()` holds, polling every 10 ms; rejects after `timeoutMs` with `what`. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function outboxStates(db: Db): Record<string, number> {
  const rows = db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Small delays so fault tests run in seconds. */
export const FAST_TUNING = {
  baseDelayMs: 20,
  capDelayMs: 200,
  retryBudget: 4,
  probeBaseMs: 20,
  probeCapMs: 200,
  pausedRetryMs: 60_000,
  healthIntervalMs: 500,
  pollIntervalMs: 200,
  leaseTtlMs: 1_000,
  requestTimeoutMs: 500,
};

/** One terminal with its sync engine against a simulator. */
export interface SyncRun {
  sim: Simulator;
  term: TestTerminal;
  engine: SyncEngine;
  events: SyncEvent[];
}

/** A list of runs that are stopped and closed after each test (registers the afterEach). */
export function stoppedAfterEach<R extends SyncRun>(): R[] {
  const runs: R[] = [];
  afterEach(async () => {
    for (const r of runs.splice(0)) {
      await r.engine.stop();
      r.term.close();
      await r.sim.close();
    }
  });
  return runs;
}
