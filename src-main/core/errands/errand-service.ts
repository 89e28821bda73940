import { randomUUID } from 'node:crypto';
import { CoreError, type CaseView, type ErrandBatchView } from '../../contract';
import type { CaseService } from '../cases/case-service';
import type { EndpointName, TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import type { Logger } from '../logging/types';
import { fullJitterDelay } from '../sync/backoff';
import { createLineClientPool } from '../sync/http-client';
import { chinaDate, chinaDayRange, nowIso } from '../util/time';

interface BatchRow {
  id: string;
  endpoint: EndpointName;
  date: string;
  courier: string;
  teller_id: string;
  state: ErrandBatchView['state'];
  batch_no: string | null;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
}

/** Errand (代跑腿) handover: the day's non-immediate cases travel to the back office as one batch per private line. */
export function createErrandService(deps: {
  db: Db;
  config: TerminalConfig;
  cases: CaseService;
  logger: Logger;
  clock?: () => number;
  /** The signed-in person (recorded on every case, print and audit entry). */
  who: () => string;
  onChange: () => void;
}) {
  const { db, config, cases } = deps;
  const clock = deps.clock ?? Date.now;
  const log = deps.logger.child({ component: 'errands' });
  const clients = createLineClientPool(config);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let sending = false;

  const audit = createAuditWriter(db);
  const casesOf = db.prepare<[string], { case_id: string; paper_materials: number }>('SELECT case_id, paper_materials FROM errand_batch_cases WHERE batch_id = ? ORDER BY rowid');
  const receivedOf = db.prepare<[string, string], { n: number }>(
    `SELECT COUNT(DISTINCT b.case_id) AS n FROM errand_batch_cases b JOIN case_events e ON e.case_id = b.case_id
     WHERE b.batch_id = ? AND e.type = 'status' AND e.at >= ?`,
  );

  const client = (endpoint: EndpointName) => clients.get(endpoint);

  function view(row: BatchRow): ErrandBatchView {
    const caseIds = casesOf.all(row.id).map((r) => r.case_id);
    const received = row.sent_at ? receivedOf.get(row.id, row.sent_at)!.n : 0;
    return { batchId: row.id, endpoint: row.endpoint, date: row.date, courier: row.courier, state: row.state, batchNo: row.batch_no, caseIds, received, lastError: row.last_error };
  }

  /** Marks sent batches whose every case the back office has confirmed (a status change after sending). */
  function refreshReceipts(): void {
    const sent = db.prepare<[], BatchRow>("SELECT * FROM errand_batches WHERE state = 'sent'").all();
    for (const row of sent) {
      const v = view(row);
      if (v.received >= v.caseIds.length && v.caseIds.length > 0) {
        db.prepare("UPDATE errand_batches SET state = 'received', received_at = ? WHERE id = ? AND state = 'sent'").run(nowIso(clock), row.id);
        log.info({ batchId: row.id }, 'errand batch received by the back office');
        deps.onChange();
      }
    }
  }

  async function sendDue(): Promise<void> {
    if (sending || stopped) return;
    sending = true;
    try {
      const due = db.prepare<[string], BatchRow>("SELECT * FROM errand_batches WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY created_at").all(nowIso(clock));
      for (const row of due) await sendOne(row);
      refreshReceipts();
    } finally {
      sending = false;
    }
  }

  async function sendOne(row: BatchRow): Promise<void> {
    const caseIds = casesOf.all(row.id).map((r) => r.case_id);
    const body = { batchId: row.id, branchCode: config.branchCode, date: row.date, caseIds, handedBy: row.teller_id, courier: row.courier };
    let outcome: { state: BatchRow['state']; batchNo?: string; error?: string; retry?: boolean };
    try {
      const res = await client(row.endpoint).request({ method: 'POST', path: '/v1/errand-batches', json: body, idempotencyKey: row.id, timeoutMs: config.endpoints[row.endpoint].timeoutMs });
      const parsed = JSON.parse(res.body.toString('utf8') || '{}') as { batchNo?: string; error?: string; message?: string; reasons?: { message: string }[] };
      if (res.status === 200 || res.status === 201) outcome = { state: 'sent', batchNo: parsed.batchNo };
      else if (res.status === 422 || res.status === 400) outcome = { state: 'attention', error: `${parsed.error ?? res.status}: ${(parsed.reasons ?? []).map((r) => r.message).join('; ') || parsed.message || ''}` };
      else outcome = { state: 'pending', error: `HTTP ${res.status}`, retry: true };
    } catch (err) {
      outcome = { state: 'pending', error: (err as Error).message, retry: true };
    }
    const at = nowIso(clock);
    if (outcome.retry) {
      const delay = fullJitterDelay(row.attempts + 1, 1000, 60_000);
      db.prepare('UPDATE errand_batches SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?').run(new Date(clock() + delay).toISOString(), outcome.error ?? null, row.id);
    } else {
      db.prepare('UPDATE errand_batches SET state = ?, batch_no = ?, attempts = attempts + 1, last_error = ?, sent_at = ? WHERE id = ?').run(
        outcome.state,
        outcome.batchNo ?? null,
        outcome.error ?? null,
        outcome.state === 'sent' ? at : null,
        row.id,
      );
      log.info({ batchId: row.id, state: outcome.state }, 'errand batch sent');
      deps.onChange();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void sendDue().finally(schedule);
    }, 1000);
  }

  return {
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      clients.close();
    },
    /** Today's non-immediate cases, submitted (the back office must know them first) and not yet handed over. */
    candidates(): CaseView[] {
      const [start] = chinaDayRange(chinaDate(clock()));
      return cases.viewsWhere(
        `WHERE c.kind = 'commitment' AND c.accepted_at >= ? AND c.case_no IS NOT NULL AND c.sync_state = 'synced'
           AND c.status NOT IN ('withdrawn', 'rejected', 'notified')
           AND NOT EXISTS (SELECT 1 FROM errand_batch_cases b WHERE b.case_id = c.id)
         ORDER BY c.accepted_at`,
        start,
      );
    },
    /**
     * One batch per private line for the candidates; committed before anything is sent (and then sent exactly once).
     * Resolves after the first attempt to send, so that the manifest printed next carries the batch number when the
     * line is up (and 待回传 when it is not: the batch is sent later by the timer).
     */
    async create(courier: string): Promise<ErrandBatchView[]> {
      const candidates = this.candidates();
      if (candidates.length === 0) throw new CoreError('conflict', 'no case to hand over', 'error.noErrands');
      const at = nowIso(clock);
      const teller = deps.who();
      const date = chinaDate(clock());
      const ids: string[] = [];
      db.transaction(() => {
        for (const endpoint of ['si', 'tax'] as const) {
          const mine = candidates.filter((c) => c.endpoint === endpoint);
          if (mine.length === 0) continue;
          const id = randomUUID();
          ids.push(id);
          db.prepare(
            `INSERT INTO errand_batches (id, endpoint, date, teller_id, courier, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
          ).run(id, endpoint, date, teller, courier, at, at);
          for (const c of mine) {
            const body = cases.body(c.caseId)!;
            const paper = body.materials.filter((m) => m.received).reduce((n, m) => n + m.original + m.copies, 0);
            db.prepare('INSERT INTO errand_batch_cases (batch_id, case_id, paper_materials) VALUES (?, ?, ?)').run(id, c.caseId, paper);
          }
          audit({ at, actor: teller, action: 'errand.batch', detail: { batchId: id, endpoint, cases: mine.length } });
        }
      })();
      await sendDue();
      return ids.map((id) => this.get(id)!);
    },
    get(batchId: string): ErrandBatchView | undefined {
      const row = db.prepare<[string], BatchRow>('SELECT * FROM errand_batches WHERE id = ?').get(batchId);
      return row ? view(row) : undefined;
    },
    list(date?: string): ErrandBatchView[] {
      refreshReceipts();
      return db.prepare<[string], BatchRow>('SELECT * FROM errand_batches WHERE date = ? ORDER BY created_at DESC').all(date ?? chinaDate(clock())).map(view);
    },
    /** The person who handed the batch over (its manifest names them). */
    handedBy(batchId: string): string | null {
      return db.prepare<[string], { teller_id: string }>('SELECT teller_id FROM errand_batches WHERE id = ?').get(batchId)?.teller_id ?? null;
    },
    paperOf(batchId: string): Map<string, number> {
      return new Map(casesOf.all(batchId).map((r) => [r.case_id, r.paper_materials]));
    },
    refreshReceipts,
  };
}
export type ErrandService = ReturnType<typeof createErrandService>;
