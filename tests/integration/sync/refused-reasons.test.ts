/**
 * A refused revision says why: the server's `reasons` of a `400 malformed` (and `422 rejected` / `key_reused`) are
 * kept with the revision, shown in the case view and the support queue, written to the signed unsent export, and
 * logged as field paths and codes only (server text is untrusted: sanitized, capped, never logged).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/core/logging/logger';
import type { RootLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine, verifyUnsentExport, type SyncEngine, type SyncEvent } from '../../../src-main/core/sync';
import { keptReasons } from '../../../src-main/core/sync/unsent-export';
import { REASON_MESSAGE_MAX } from '../../../src-main/core/sync/wire';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { caseBody, FAST_TUNING, openTerminal, outboxStates, waitFor, type TestTerminal } from '../../fault/support/terminal';
import { routed, startRawServer, type Reply } from './raw-server';
import { v7 as uuidv7 } from 'uuid';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function setup(url: string): { t: TestTerminal; e: SyncEngine; events: SyncEvent[]; logger: RootLogger } {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'ow-reasons-log-'));
  // No redaction layer: what keeps messages out of the log is the sync code itself.
  const logger = createLogger({ dir: logDir, terminalId: '3303-LW-0012-W03', component: 'core', redact: false });
  const t = openTerminal({ urls: { si: url, tax: null } });
  const events: SyncEvent[] = [];
  const e = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger, onEvent: (ev) => events.push(ev), tuning: { ...FAST_TUNING, batchThreshold: 1000 }, endpoints: ['si'] });
  cleanup.push(() => rmSync(logDir, { recursive: true, force: true }), () => t.close(), () => logger.close(), () => e.stop());
  return { t, e, events, logger };
}

const lastError = (t: TestTerminal, caseId: string) =>
  (t.db.prepare('SELECT last_error FROM outbox WHERE case_id = ?').get(caseId) as { last_error: string }).last_error;

describe('reasons of a refused revision', () => {
  it('400 malformed from the simulator: kept with the revision and its case event, in the export, logged as field paths only', async () => {
    const sim: Simulator = await startSimulator({ seed: 3 });
    cleanup.push(() => sim.close());
    const { t, e, events, logger } = setup(sim.si.url);
    const caseId = uuidv7();
    const body = { ...caseBody(caseId, 1), form: { note: 'MALFORMED:备注格式不符', amountNote: 'ok' } };
    t.commitCase(caseId, body, 'si');
    e.start();
    await waitFor(() => outboxStates(t.db).defect === 1, 'the revision held as a defect');

    const reasons = [{ field: 'form.note', message: '备注格式不符' }];
    expect(keptReasons(lastError(t, caseId))).toEqual(reasons);
    const event = t.db.prepare(`SELECT detail_json FROM case_events WHERE case_id = ? AND type = 'defect'`).get(caseId) as { detail_json: string };
    expect(JSON.parse(event.detail_json)).toMatchObject({ rev: 1, code: 'malformed', reasons });
    expect(events.find((ev) => ev.type === 'case.defect')).toMatchObject({ caseId, code: 'malformed', reasons });

    const exp = e.exportUnsent();
    expect(verifyUnsentExport(exp)).toBe(true);
    expect(exp.payload.items).toEqual([expect.objectContaining({ caseId, state: 'defect', reasons })]);

    const log = readFileSync(logger.currentFile(), 'utf8');
    const line = log.split('\n').find((l) => l.includes('refused by the server'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ caseId, rev: 1, code: 'malformed', fields: ['form.note'] });
    expect(log).not.toContain('备注格式不符');
    expect(log).not.toContain('MALFORMED');
  });

  it('untrusted server text is sanitized and capped, odd field paths are dropped, nothing of it reaches the log', async () => {
    const idNumber = '330302198609111234';
    const hostile: Reply = {
      status: 400,
      json: {
        error: `malformed ${idNumber}`,
        message: `bad\u0000 request\n${'长'.repeat(500)}`,
        reasons: [
          { field: 'applicant.idNumber', message: `身份证号 ${idNumber} 校验位错误\r\n\u001b[31m` },
          { field: `form.x"; DROP TABLE cases; --`, message: 'odd field' },
          { field: 'form.note', message: 'x'.repeat(5000) },
          ...Array.from({ length: 50 }, (_, i) => ({ field: `materials.${i}.code`, message: 'm' })),
        ],
      },
    };
    const s = await startRawServer(routed(() => hostile));
    cleanup.push(() => s.close());
    const { t, e, logger } = setup(s.url);
    const caseId = t.addCase();
    e.start();
    await waitFor(() => outboxStates(t.db).defect === 1, 'defect');

    const kept = keptReasons(lastError(t, caseId));
    expect(kept).toHaveLength(20);
    // Control characters gone, the quoted ID number masked as on screens.
    expect(kept[0]).toEqual({ field: 'applicant.idNumber', message: '身份证号 330302********1234 校验位错误 [31m' });
    expect(lastError(t, caseId)).not.toContain(idNumber);
    expect(kept[1]).toEqual({ message: 'odd field' });
    expect(kept[2]!.message.length).toBe(REASON_MESSAGE_MAX);
    const stored = JSON.parse(lastError(t, caseId)) as { code: string; message: string };
    expect(stored.code).toBe('malformed'); // a code that is not a plain token is replaced by the status's
    expect(stored.message.length).toBeLessThanOrEqual(REASON_MESSAGE_MAX);
    expect(stored.message).not.toMatch(/[\u0000-\u001f]/);

    const log = readFileSync(logger.currentFile(), 'utf8');
    const line = JSON.parse(log.split('\n').find((l) => l.includes('refused by the server'))!) as { fields: string[] };
    expect(line.fields.slice(0, 3)).toEqual(['applicant.idNumber', '-', 'form.note']);
    expect(log).not.toContain(idNumber);
    expect(log).not.toContain('DROP TABLE');
    expect(log).not.toContain('长长');
  });

  it('422 rejected reasons are logged as field paths too and stay with the revision', async () => {
    const sim: Simulator = await startSimulator({ seed: 4 });
    cleanup.push(() => sim.close());
    const { t, e, logger } = setup(sim.si.url);
    const caseId = t.addCase({ reject: true });
    e.start();
    await waitFor(() => outboxStates(t.db).attention === 1, 'the revision answered with 422');
    expect(keptReasons(lastError(t, caseId))).toEqual([{ field: 'applicant.idNumber', message: '申请人不符合该事项的办理条件' }]);
    const log = readFileSync(logger.currentFile(), 'utf8');
    const line = JSON.parse(log.split('\n').find((l) => l.includes('refused by the server'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ caseId, code: 'rejected', fields: ['applicant.idNumber'] });
    expect(log).not.toContain('申请人不符合');
  });
});
