/**
 * Benchmark `logging`: log lines per second through the real logger (pino → redaction → daily file) with
 * redaction on, against the same logger with redaction off, in one run: many short rounds, alternating which
 * goes first, and the ratio is the median of the per-round ratios (robust against load from other processes). The mix is what a terminal writes: mostly short operational lines with a case id,
 * some with nested objects, some errors with stacks, a few with personal data that must be removed.
 * Last line: {"bench":"logging","lines_per_s":…,"ratio":…} (ratio = time with redaction / time without).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, registerSensitive, withLogContext, type RootLogger } from '../../src-main/core/logging';

const LINES_PER_ROUND = 2_000;
const ROUNDS = 40;

const caseIds = Array.from({ length: 16 }, (_, i) => `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`);
const err = new Error('ECONNRESET while posting batch');

function writeMix(log: RootLogger, n: number): void {
  const sync = log.child({ component: 'sync' });
  const cases = log.child({ component: 'cases' });
  for (let i = 0; i < n; i++) {
    const caseId = caseIds[i % caseIds.length]!;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
        sync.info({ endpoint: 'si', caseId, attempts: i % 4, ms: 118 }, 'batch uploaded');
        break;
      case 3:
      case 4:
        withLogContext({ caseId }, () => cases.info({ item: 'SI-04-02', status: 'accepted', materials: { count: 3, missing: [] } }, 'case accepted'));
        break;
      case 5:
        sync.warn({ endpoint: 'tax', caseId, err, next: '2026-11-28T09:16:02.120+08:00' }, 'upload failed, will retry');
        break;
      case 6:
        cases.info({ caseId, applicant: { name: '王小明', idNumber: '330302199001011234', phone: '13800138000' } }, 'applicant read from card');
        break;
      case 7:
        log.debug({ queue: { pending: 12, attention: 0 } }, 'queue figures');
        break;
      default:
        log.info(`window 3 served ticket A${i % 1000}`);
    }
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-logging-'));
try {
  const release = registerSensitive('王小明');
  const withRedaction = createLogger({ dir: path.join(dir, 'on'), terminalId: '3303-LW-0012-W03', component: 'core', level: 'debug' });
  const without = createLogger({ dir: path.join(dir, 'off'), terminalId: '3303-LW-0012-W03', component: 'core', level: 'debug', redact: false });
  console.log(`logging bench: ${ROUNDS} rounds × ${LINES_PER_ROUND} lines, redaction on vs off, alternating`);
  writeMix(withRedaction, 2_000); // warm-up
  writeMix(without, 2_000);
  let onMs = 0;
  let offMs = 0;
  const ratios: number[] = [];
  const timed = (log: RootLogger) => {
    const t = performance.now();
    writeMix(log, LINES_PER_ROUND);
    return performance.now() - t;
  };
  for (let r = 0; r < ROUNDS; r++) {
    let on: number;
    let off: number;
    if (r % 2 === 0) {
      on = timed(withRedaction);
      off = timed(without);
    } else {
      off = timed(without);
      on = timed(withRedaction);
    }
    onMs += on;
    offMs += off;
    ratios.push(on / off);
  }
  ratios.sort((a, b) => a - b);
  const median = (ratios[(ROUNDS >> 1) - 1]! + ratios[ROUNDS >> 1]!) / 2;
  withRedaction.close();
  without.close();
  release();
  const total = ROUNDS * LINES_PER_ROUND;
  const linesPerS = Math.round(total / (onMs / 1000));
  const ratio = Number(median.toFixed(3));
  console.log(`with redaction: ${linesPerS} lines/s; without: ${Math.round(total / (offMs / 1000))} lines/s; median round ratio ${ratio}`);
  console.log(JSON.stringify({ bench: 'logging', lines_per_s: linesPerS, ratio }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
