/**
 * Benchmark `enqueue`: the latency of committing one accepted case durably through the real case service — case
 * row, audit entry and outbox row in ONE transaction (WAL, synchronous=FULL), the sealed body stored once — against
 * a bare better-sqlite3 insert of the same number of bytes in one row with the same durability. Both run in one
 * process on the same disk, round by round.
 *
 * Like the bare insert, whose bytes are ready before it starts, the commit is timed from a prepared case
 * (CaseService.prepare: form validated, request body built and sealed with AES-256-GCM); the whole submit
 * (prepare + commit) is reported beside it, so the CPU work before the write is visible too.
 * Body: a real catalog item's form with a ~10 KB signature.
 *
 * Each timed write follows the same untimed work: the preparation of a case (the commit's own; for the bare insert,
 * the case whose sealed body becomes its bytes), and the two take turns going first. The order matters on this VM's
 * virtual disk: with the bare insert timed straight after the commit's flush (the loop of earlier versions) it came
 * out ≈5% faster and the commit ≈3% slower than with a preparation before each — ratio ≈1.33 against ≈1.23, both
 * loop shapes interleaved in one process — so the earlier loop measured its own order as much as the commit.
 * Last line: {"bench":"enqueue","p50_ms":…,"p99_ms":…,"bare_p50_ms":…,"ratio":…,"submit_p50_ms":…,"submit_ratio":…}
 * (ratio = commit p50 / bare p50).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { createApplicantService, manualPersonalData } from '../../src-main/core/applicants/applicant-service';
import { indexCatalog, loadCatalog } from '../../src-main/core/catalog/load';
import { createVault } from '../../src-main/core/crypto/vault';
import { openDatabase } from '../../src-main/core/db/open';
import { benchCaseService, intakeInput } from './_cases';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-enqueue-'));
try {
  const db = openDatabase(path.join(dir, 'onewindow.db'));
  const vault = createVault(randomBytes(32));
  const index = indexCatalog(loadCatalog());
  const item = index.item('SI-06-01')!;
  const applicants = createApplicantService(db, vault);
  const applicantId = applicants.upsert(manualPersonalData('11010519491231002X', '王芳'), false).applicantId;
  const cases = benchCaseService(db, vault, index, applicants);
  const signature = randomBytes(7_500).toString('base64'); // ~10 KB, the size of a pad's PNG
  const input = (caseId: string) => intakeInput(caseId, applicantId, item, signature);

  const bare = new Database(path.join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT');
  const insertBare = bare.prepare('INSERT INTO blobs (data) VALUES (?)');
  // The bytes one commit stores: the sealed body (once, in the outbox row) plus the small rows.
  cases.submit(input(uuidv7()));
  const sealedBytes = (db.prepare('SELECT length(body_enc) AS n FROM outbox LIMIT 1').get() as { n: number }).n;
  const bareBytes = sealedBytes + 1200;
  console.log(`enqueue bench: ${ROUNDS} commits through the case service (sealed body ${sealedBytes} B, stored once) vs a bare ${bareBytes} B insert, WAL + synchronous=FULL, taking turns`);

  // Warm up to the steady state: until both WAL files have been checkpointed and restarted at least once (the
  // bare insert writes ≈5 frames, so 300 rounds take it past the 1,000-frame checkpoint). Before that every write
  // extends its WAL file, and a flush that must also record a new file size is about twice as slow.
  for (let i = 0; i < 300; i++) {
    cases.submit(input(uuidv7()));
    bare.transaction(() => insertBare.run(Buffer.alloc(bareBytes, i & 0xff)))();
  }
  const commits: number[] = [];
  const submits: number[] = [];
  const plain: number[] = [];
  const timeCommit = () => {
    const one = input(uuidv7());
    const t = performance.now();
    const prepared = cases.prepare(one);
    const t1 = performance.now();
    cases.commit(prepared);
    const t2 = performance.now();
    commits.push(t2 - t1);
    submits.push(t2 - t);
  };
  const timeBare = () => {
    // The same preparation as before a commit; its sealed body (plus the small rows' share) is what the bare stores.
    const { sealedBody } = cases.prepare(input(uuidv7()));
    const bytes = Buffer.concat([sealedBody, Buffer.alloc(Math.max(0, bareBytes - sealedBody.length), 0x20)]);
    const t = performance.now();
    bare.transaction(() => insertBare.run(bytes))();
    plain.push(performance.now() - t);
  };
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      timeCommit();
      timeBare();
    } else {
      timeBare();
      timeCommit();
    }
  }
  for (const a of [commits, submits, plain]) a.sort((x, y) => x - y);
  const p50 = percentile(commits, 50);
  const p99 = percentile(commits, 99);
  const bareP50 = percentile(plain, 50);
  const submitP50 = percentile(submits, 50);
  console.log(`  commit (case + audit + outbox, durable): p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);
  console.log(`  bare insert of the same bytes:           p50 ${bareP50.toFixed(3)} ms, p99 ${percentile(plain, 99).toFixed(3)} ms`);
  console.log(`  whole submit (validate, build, seal, commit): p50 ${submitP50.toFixed(3)} ms, p99 ${percentile(submits, 99).toFixed(3)} ms`);
  bare.close();
  db.close();
  console.log(
    JSON.stringify({
      bench: 'enqueue',
      p50_ms: +p50.toFixed(3),
      p99_ms: +p99.toFixed(3),
      bare_p50_ms: +bareP50.toFixed(3),
      ratio: +(p50 / bareP50).toFixed(2),
      submit_p50_ms: +submitP50.toFixed(3),
      submit_ratio: +(submitP50 / bareP50).toFixed(2),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
