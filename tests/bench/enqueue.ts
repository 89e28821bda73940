/**
 * Benchmark `enqueue`: the latency of committing one accepted case durably — applicant, case, event, audit and
 * outbox row in ONE transaction (WAL, synchronous=FULL), bodies sealed by the vault, as the case service does —
 * against a bare better-sqlite3 insert of the same number of bytes in one row with the same durability settings.
 * Both run alternately in one process on the same disk. Body: a case with a ~10 KB signature.
 * Last line: {"bench":"enqueue","p50_ms":…,"p99_ms":…,"bare_p50_ms":…,"ratio":…} (ratio = p50 / bare p50).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { caseBody, openTerminal } from '../fault/support/terminal';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const SIGNATURE_BYTES = 7_500; // ~10 KB as base64

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-enqueue-'));
try {
  const term = openTerminal({ dir, urls: { si: null, tax: null } });
  const bare = new Database(path.join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT');
  const insertBare = bare.prepare('INSERT INTO blobs (data) VALUES (?)');
  // The same bytes the real commit stores: the sealed body twice (case and outbox) plus the small rows.
  const sample = term.vault.seal(caseBody('00000000-0000-7000-8000-000000000000', 1, { signatureBytes: SIGNATURE_BYTES }));
  const bareBytes = sample.length * 2 + 600;
  console.log(`enqueue bench: ${ROUNDS} commits each, case+event+audit+outbox (sealed body ${sample.length} B, twice) vs a bare ${bareBytes} B insert, WAL + synchronous=FULL, alternating`);

  const real: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < 20; i++) {
    term.addCase({ signatureBytes: SIGNATURE_BYTES });
    bare.transaction(() => insertBare.run(Buffer.alloc(bareBytes, i)))();
  }
  for (let i = 0; i < ROUNDS; i++) {
    const caseId = uuidv7();
    const body = caseBody(caseId, 1, { signatureBytes: SIGNATURE_BYTES });
    let t = performance.now();
    term.commitCase(caseId, body, 'si');
    real.push(performance.now() - t);
    const bytes = Buffer.alloc(bareBytes, i & 0xff);
    t = performance.now();
    bare.transaction(() => insertBare.run(bytes))();
    plain.push(performance.now() - t);
  }
  real.sort((a, b) => a - b);
  plain.sort((a, b) => a - b);
  const p50 = percentile(real, 50);
  const p99 = percentile(real, 99);
  const bareP50 = percentile(plain, 50);
  console.log(`  commit: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms; bare insert: p50 ${bareP50.toFixed(3)} ms, p99 ${percentile(plain, 99).toFixed(3)} ms`);
  console.log('  (the commit time includes sealing the body with AES-256-GCM for the case and the outbox row)');
  bare.close();
  term.close();
  console.log(JSON.stringify({ bench: 'enqueue', p50_ms: +p50.toFixed(3), p99_ms: +p99.toFixed(3), bare_p50_ms: +bareP50.toFixed(3), ratio: +(p50 / bareP50).toFixed(2) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
