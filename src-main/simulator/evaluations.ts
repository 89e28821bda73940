/**
 * Citizen ratings (政务服务“好差评”) as the back office receives them: PUT /v1/evaluations/{evaluationId} of contract
 * v1.1, checked strictly (400 malformed with reasons), idempotent through the endpoint's gate (replay answers 200 with
 * Idempotent-Replayed, a reused key with another body 422 key_reused), 422 rejected `case_unknown` while the case
 * is not on the endpoint, and the follow-ups of bad ratings (levels 1–2) in /v1/changes.
 */
import { z } from 'zod';
import { chinaDate, toChinaTime } from '../core/util/time';
import { errorBody, malformed, type Outcome } from './bureau';
import type { Answer } from './http-io';
import { bodyHash, type IdempotencyGate } from './idempotency';
import { issuesToReasons } from './schema';
import type { SimStore } from './store';
import type { EndpointName } from './types';

export const EVALUATION_FOLLOW_UPS = ['follow_up', 'rectified'] as const;
export type EvaluationFollowUp = (typeof EVALUATION_FOLLOW_UPS)[number];

export interface SimEvaluation {
  evaluationId: string;
  evaluationNo: string;
  endpoint: EndpointName;
  caseId: string;
  itemCode: string;
  branchCode: string;
  level: number;
  reasons: string[];
  comment?: string;
  ratedAt: string;
  /** Follow-ups published in /v1/changes so far, in order. */
  followUps: EvaluationFollowUp[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_evaluations (
  endpoint TEXT NOT NULL, evaluation_id TEXT NOT NULL, evaluation_no TEXT NOT NULL, case_id TEXT NOT NULL,
  item_code TEXT NOT NULL, branch_code TEXT NOT NULL, level INTEGER NOT NULL, reasons_json TEXT NOT NULL, comment TEXT,
  rated_at TEXT NOT NULL, follow_ups_json TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL,
  PRIMARY KEY (endpoint, evaluation_id)
);
`;

/** The body of PUT /v1/evaluations/{evaluationId}, exactly the fields the contract lists (others are malformed). */
export function evaluationBodySchema(reasonCodes: ReadonlySet<string>) {
  return z
    .strictObject({
      evaluationId: z.uuid(),
      caseId: z.uuid(),
      caseNo: z.string().min(1).optional(),
      itemCode: z.string().regex(/^(SI|MI|TAX)-\d{2}-\d{2}$/, 'item code like SI-04-02'),
      branchCode: z.string().min(1),
      windowNo: z.number().int().min(0),
      tellerId: z.string().min(1),
      ratedAt: z.iso.datetime({ offset: true }),
      level: z.number().int().min(1).max(5),
      reasons: z.array(z.string().refine((c) => reasonCodes.has(c), 'not a code of the catalog evaluationReasons list')),
      comment: z.string().max(200, 'at most 200 characters').optional(),
      channel: z.literal('counter'),
    })
    .superRefine((b, ctx) => {
      if (b.level <= 2 && b.reasons.length === 0) ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'required for levels 1–2' });
      if (new Set(b.reasons).size !== b.reasons.length) ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'duplicate reason codes' });
    });
}
export type EvaluationBody = z.infer<ReturnType<typeof evaluationBodySchema>>;

interface Row {
  endpoint: EndpointName;
  evaluation_id: string;
  evaluation_no: string;
  case_id: string;
  item_code: string;
  branch_code: string;
  level: number;
  reasons_json: string;
  comment: string | null;
  rated_at: string;
  follow_ups_json: string;
}

function toEvaluation(r: Row): SimEvaluation {
  return {
    evaluationId: r.evaluation_id,
    evaluationNo: r.evaluation_no,
    endpoint: r.endpoint,
    caseId: r.case_id,
    itemCode: r.item_code,
    branchCode: r.branch_code,
    level: r.level,
    reasons: JSON.parse(r.reasons_json) as string[],
    ...(r.comment !== null ? { comment: r.comment } : {}),
    ratedAt: r.rated_at,
    followUps: JSON.parse(r.follow_ups_json) as EvaluationFollowUp[],
  };
}

const DEFAULT_NOTES: Record<EvaluationFollowUp, string> = {
  follow_up: '已转办，请回访群众、核实情况',
  rectified: '整改已完成，请告知群众',
};

/** The ratings of both endpoints, in the simulator's store. Everything runs inside the caller's transaction. */
export class SimEvaluations {
  private readonly schema;

  constructor(
    private readonly store: SimStore,
    reasonCodes: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    store.exec(SCHEMA);
    this.schema = evaluationBodySchema(new Set(reasonCodes));
  }

  /** Validates a PUT: the body against the contract, the path and the key against its evaluationId. */
  check(body: unknown, pathId: string, key: string | undefined): { body: EvaluationBody } | { reasons: { field: string; message: string }[] } {
    const parsed = this.schema.safeParse(body);
    if (!parsed.success) return { reasons: issuesToReasons(parsed.error) };
    const reasons = [];
    if (parsed.data.evaluationId !== pathId) reasons.push({ field: 'evaluationId', message: 'differs from the evaluationId in the path' });
    if (!key) reasons.push({ field: 'Idempotency-Key', message: 'required' });
    else if (key !== parsed.data.evaluationId) reasons.push({ field: 'Idempotency-Key', message: 'must equal evaluationId' });
    return reasons.length > 0 ? { reasons } : { body: parsed.data };
  }

  /** Stores a new rating (the gate has ruled out replays). Not stored, so it can come again: a case not yet here. */
  apply(endpoint: EndpointName, b: EvaluationBody): Outcome {
    if (!this.store.getCase(endpoint, b.caseId)) {
      return { status: 422, body: errorBody('rejected', '被评价的办件尚未提交到本系统', [{ field: 'caseId', message: 'case_unknown' }]), store: false };
    }
    const nowMs = this.now();
    const evaluationNo = `HCP${chinaDate(nowMs).replaceAll('-', '')}${String(this.store.nextSequence(`${endpoint}:evaluation`)).padStart(6, '0')}`;
    this.store
      .sql(
        `INSERT INTO sim_evaluations (endpoint, evaluation_id, evaluation_no, case_id, item_code, branch_code, level, reasons_json, comment, rated_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(endpoint, b.evaluationId, evaluationNo, b.caseId, b.itemCode, b.branchCode, b.level, JSON.stringify(b.reasons), b.comment ?? null, b.ratedAt, toChinaTime(nowMs));
    return { status: 201, body: { evaluationNo }, store: true };
  }

  list(endpoint?: EndpointName): SimEvaluation[] {
    const rows = this.store
      .sql('SELECT * FROM sim_evaluations WHERE (? IS NULL OR endpoint = ?) ORDER BY created_at, rowid')
      .all(endpoint ?? null, endpoint ?? null) as Row[];
    return rows.map(toEvaluation);
  }

  get(evaluationId: string): SimEvaluation | undefined {
    const row = this.store.sql('SELECT * FROM sim_evaluations WHERE evaluation_id = ? ORDER BY rowid LIMIT 1').get(evaluationId) as Row | undefined;
    return row && toEvaluation(row);
  }

  /** The back office follows a rating up; the follow-up appears in /v1/changes. Throws for an unknown rating. */
  followUp(evaluationId: string, status: EvaluationFollowUp, note?: string): SimEvaluation {
    const ev = this.get(evaluationId);
    if (!ev) throw new Error(`simulator: no evaluation ${evaluationId}`);
    const followUps = [...ev.followUps, status];
    this.store.sql('UPDATE sim_evaluations SET follow_ups_json = ? WHERE endpoint = ? AND evaluation_id = ?').run(JSON.stringify(followUps), ev.endpoint, evaluationId);
    this.store.addEvaluationChange(ev.endpoint, { evaluationId, branchCode: ev.branchCode, status, note: note ?? DEFAULT_NOTES[status] }, toChinaTime(this.now()));
    return { ...ev, followUps };
  }

  clear(): void {
    this.store.exec('DELETE FROM sim_evaluations;');
  }
}

/**
 * PUT /v1/evaluations/{evaluationId}. A first write answers 201 {evaluationNo}; a replay answers 200 with the same
 * body and Idempotent-Replayed: true (contract v1.1: "201 … (200 on replay)").
 */
export async function putEvaluation(
  ctx: { name: EndpointName; gate: IdempotencyGate; evaluations: SimEvaluations; latency: () => Promise<void>; isOpen: () => boolean; accepted: (ev: EvaluationBody) => void },
  pathId: string,
  key: string | undefined,
  body: unknown,
): Promise<Answer | undefined> {
  const checked = ctx.evaluations.check(body, pathId, key);
  if ('reasons' in checked) {
    await ctx.latency();
    const m = malformed(checked.reasons);
    return { status: m.status, body: m.body };
  }
  const b = checked.body;
  const results = await ctx.gate.run([{ key: b.evaluationId, hash: bodyHash(body), apply: () => ctx.evaluations.apply(ctx.name, b) }], ctx.latency, ctx.isOpen);
  if (!results) return undefined;
  const r = results[0]!;
  if (r.status === 201 && !r.replayed) ctx.accepted(b);
  if (r.replayed) return { status: r.status === 201 ? 200 : r.status, body: r.body, headers: { 'Idempotent-Replayed': 'true' } };
  return { status: r.status, body: r.body };
}
