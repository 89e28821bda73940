/**
 * The back office of one bureau, as simulated: what a case revision does to a case, business rejections,
 * results of immediate items, contributions, back-office status moves and errand batches. Everything here
 * runs inside the caller's SQLite transaction and never sends anything itself.
 */
import type { TimeLimit } from '../contract/catalog';
import { chinaDate, toChinaTime } from '../core/util/time';
import { promisedDate, type WorkCalendar } from '../core/catalog/calendar';
import { contributionFormSchema, issuesToReasons, type CaseBody, type ErrandBatchBody, type Reason } from './schema';
import type { SimStore } from './store';
import type { EndpointName, SimCase, Status } from './types';

/** A finished answer: `store` says whether it is the "first complete response" kept for idempotent replay. */
export interface Outcome {
  status: number;
  body: Record<string, unknown>;
  store: boolean;
}

export function errorBody(error: string, message: string, reasons?: Reason[]): Record<string, unknown> {
  return reasons ? { error, message, reasons } : { error, message };
}

export function malformed(reasons: Reason[], message = '请求不符合接口规范'): Outcome {
  return { status: 400, body: errorBody('malformed', message, reasons), store: false };
}

function rejected(reasons: Reason[]): Outcome {
  return { status: 422, body: errorBody('rejected', '业务审核未通过', reasons), store: true };
}

export interface BureauOptions {
  rejectIdPattern: RegExp;
  /** The promised date of a commitment item accepted on `acceptedDay` (YYYY-MM-DD, China). */
  promisedDate: (itemCode: string, acceptedDay: string) => string;
}

/** Default rejection rule: ID numbers whose sequence code (characters 15–17) is 999. */
export const DEFAULT_REJECT_ID_PATTERN = /^\d{14}999[\dXx]$/;

const DEFAULT_NOTES: Record<Status, string> = {
  received: '已受理',
  in_review: '后台审核中',
  needs_materials: '需补充材料',
  approved: '审核通过',
  rejected: '审核不通过',
  completed: '已办结',
  withdrawn: '已撤回',
};

const PREFIX: Record<EndpointName, string> = { si: 'SB', tax: 'SW' };

function compactDate(ms: number): string {
  return chinaDate(ms).replaceAll('-', '');
}

/**
 * Promised dates as the catalog promises them (an item's 承诺时限 in working or calendar days), `fallbackWorkingDays` for
 * an item without one, counted on the work calendar (holidays and their make-up working days; a calendar-day date
 * that falls on a rest day moves to the next working day) by the same rule the terminal shows on its receipt.
 * `fixedWorkingDays` overrides the catalog for every item (tests that need one fixed date).
 */
export function catalogPromisedDate(
  limits: ReadonlyMap<string, TimeLimit | null>,
  calendar: WorkCalendar,
  fallbackWorkingDays: number,
  fixedWorkingDays?: number,
) {
  return (itemCode: string, acceptedDay: string): string => {
    const own = fixedWorkingDays === undefined ? limits.get(itemCode) : null;
    const limit: TimeLimit =
      own && own.value > 0 ? own : { value: fixedWorkingDays ?? fallbackWorkingDays, unit: 'working_day' };
    return promisedDate(acceptedDay, limit, calendar).date;
  };
}

/** Walks string values of a form and yields [path, value]. */
function* formStrings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* formStrings(v, `${path}.${i}`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* formStrings(v, `${path}.${k}`);
}

/**
 * Test triggers in a form: every string (nested too) starting with `marker` gives a reason naming its path, with the
 * text after `marker:` as the message (or `fallback`). `REJECT` → 422 rejected, `MALFORMED` → 400 malformed.
 */
export function markedFields(form: Record<string, unknown>, marker: string, fallback: string): Reason[] {
  const reasons: Reason[] = [];
  for (const [path, value] of formStrings(form, 'form')) {
    if (value.startsWith(marker)) {
      const detail = value.slice(marker.length).replace(/^[:：]\s*/, '');
      reasons.push({ field: path, message: detail || fallback });
    }
  }
  return reasons;
}

function isContribution(endpoint: EndpointName, form: Record<string, unknown>): boolean {
  return endpoint === 'tax' && ('amountFen' in form || 'cardToken' in form);
}

export class Bureau {
  constructor(
    private readonly store: SimStore,
    private readonly options: BureauOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private serial(name: string, digits: number): string {
    return String(this.store.nextSequence(name)).padStart(digits, '0');
  }

  private rejectionReasons(endpoint: EndpointName, body: CaseBody): Reason[] {
    const reasons: Reason[] = [];
    if (body.applicant && this.options.rejectIdPattern.test(body.applicant.idNumber)) {
      reasons.push({ field: 'applicant.idNumber', message: '申请人不符合该事项的办理条件' });
    }
    reasons.push(...markedFields(body.form, 'REJECT', '填报内容审核不通过'));
    if (isContribution(endpoint, body.form) && String(body.form.cardToken ?? '').startsWith('DECLINE')) {
      reasons.push({ field: 'form.cardToken', message: '银行卡扣款失败，请核对账户余额或更换银行卡' });
    }
    return reasons;
  }

  private immediateResult(endpoint: EndpointName): Record<string, unknown> {
    const now = this.now();
    const day = compactDate(now);
    return {
      registrationNo: `${PREFIX[endpoint]}DJ${day}${this.serial(`${endpoint}:registration`, 6)}`,
      certificateNo: `${PREFIX[endpoint]}ZM${day}${this.serial(`${endpoint}:certificate`, 6)}`,
      completedAt: toChinaTime(now),
    };
  }

  private contributionResult(amountFen: number): Record<string, unknown> {
    const now = this.now();
    return { receiptNo: `SWJK${compactDate(now)}${this.serial('tax:receipt', 8)}`, paidAt: toChinaTime(now), amountFen };
  }

  /** Applies one validated case revision (the idempotency gate has already ruled out replays). */
  applyRevision(endpoint: EndpointName, body: CaseBody): Outcome {
    const existing = this.store.getCase(endpoint, body.caseId);
    if (!existing && body.rev !== 1) return malformed([{ field: 'rev', message: 'unknown case: revision 1 must come first' }], '修订版本顺序错误');
    if (existing && body.rev !== existing.rev + 1) {
      return malformed([{ field: 'rev', message: `expected revision ${existing.rev + 1}` }], '修订版本顺序错误');
    }
    if (!existing && body.action === 'withdraw') return malformed([{ field: 'action', message: 'revision 1 cannot withdraw' }]);

    let contributionAmount: number | undefined;
    if (isContribution(endpoint, body.form) && body.action !== 'withdraw') {
      const form = contributionFormSchema.safeParse(body.form);
      if (!form.success) return malformed(issuesToReasons(form.error, 'form.'));
      contributionAmount = form.data.amountFen;
    }

    const nowMs = this.now();
    const now = toChinaTime(nowMs);
    const base: SimCase = existing
      ? { ...existing, revisions: [...existing.revisions] }
      : {
          caseId: body.caseId,
          caseNo: `${PREFIX[endpoint]}${compactDate(nowMs)}${this.serial(`${endpoint}:case`, 6)}`,
          rev: 0,
          status: 'received',
          itemCode: body.itemCode,
          kind: body.kind,
          branchCode: body.branchCode,
          revisions: [],
          endpoint,
          form: body.form,
          updatedAt: now,
        };
    const next: SimCase = { ...base, rev: body.rev, revisions: [...base.revisions, body.rev], updatedAt: now };
    const successStatus = existing ? 200 : 201;

    const refuse = (reasons: Reason[]): Outcome => {
      // A refused first revision leaves a rejected case; a refused later revision leaves the case as it was.
      this.store.putCase(existing ? next : { ...next, status: 'rejected' }, now);
      return rejected(reasons);
    };

    if (existing?.status === 'withdrawn') return refuse([{ field: 'action', message: '该件已撤回，不能再修改' }]);

    if (body.action === 'withdraw') {
      if (existing?.status === 'completed') return refuse([{ field: 'action', message: '该件已办结，不能撤回' }]);
      next.status = 'withdrawn';
      this.store.putCase(next, now);
      return { status: successStatus, body: this.caseResponse(next), store: true };
    }

    const reasons = this.rejectionReasons(endpoint, body);
    if (reasons.length > 0) return refuse(reasons);

    next.itemCode = body.itemCode;
    next.kind = body.kind;
    next.form = body.form;
    if (contributionAmount !== undefined) {
      next.status = 'completed';
      next.result = existing?.status === 'completed' && existing.result ? existing.result : this.contributionResult(contributionAmount);
      delete next.promisedDate;
    } else if (body.kind === 'immediate') {
      next.status = 'completed';
      next.result = existing?.status === 'completed' && existing.result ? existing.result : this.immediateResult(endpoint);
      delete next.promisedDate;
    } else {
      const fresh = !existing || existing.status === 'rejected' || existing.status === 'needs_materials';
      if (fresh) next.status = 'received';
      if (fresh || !next.promisedDate) {
        const acceptedMs = Date.parse(body.acceptedAt);
        next.promisedDate = this.options.promisedDate(body.itemCode, chinaDate(acceptedMs));
      }
    }
    this.store.putCase(next, now);
    return { status: successStatus, body: this.caseResponse(next), store: true };
  }

  caseResponse(c: SimCase): Record<string, unknown> {
    return {
      caseNo: c.caseNo,
      status: c.status,
      ...(c.promisedDate ? { promisedDate: c.promisedDate } : {}),
      ...(c.result ? { result: c.result } : {}),
    };
  }

  /** Body of GET /v1/cases/{caseId}. */
  caseView(c: SimCase): Record<string, unknown> {
    return { caseId: c.caseId, caseNo: c.caseNo, rev: c.rev, ...this.caseResponse(c), updatedAt: c.updatedAt };
  }

  /** Back office moves a case; the move appears in /v1/changes. */
  advance(endpoint: EndpointName, caseId: string, status: Status, note?: string, result?: object): SimCase {
    const existing = this.store.getCase(endpoint, caseId);
    if (!existing) throw new Error(`simulator: no case ${caseId} on ${endpoint}`);
    const now = toChinaTime(this.now());
    const newResult = (result as Record<string, unknown> | undefined) ?? (status === 'completed' && !existing.result ? this.immediateResult(endpoint) : undefined);
    const next: SimCase = { ...existing, status, updatedAt: now, ...(newResult ? { result: newResult } : {}) };
    this.store.putCase(next, now);
    this.store.addChange(endpoint, next, now, note ?? DEFAULT_NOTES[status], newResult);
    return next;
  }

  /** POST /v1/errand-batches after validation. */
  acceptErrandBatch(endpoint: EndpointName, body: ErrandBatchBody): Outcome {
    const missing: Reason[] = [];
    body.caseIds.forEach((id, i) => {
      if (!this.store.getCase(endpoint, id)) missing.push({ field: `caseIds.${i}`, message: `案件 ${id} 尚未提交` });
    });
    if (missing.length > 0) return rejected(missing);
    const nowMs = this.now();
    const batchNo = `PJ${compactDate(nowMs)}${this.serial(`${endpoint}:errand`, 4)}`;
    this.store.addErrandBatch(endpoint, { batchId: body.batchId, batchNo, branchCode: body.branchCode, date: body.date, caseIds: body.caseIds }, toChinaTime(nowMs));
    return { status: 201, body: { batchNo, receivedCount: body.caseIds.length }, store: true };
  }

  /**
   * The back office signs for the paper of an errand batch: every case still waiting for it (received or
   * needs_materials) gets a `received` change; a case the back office already moved on keeps its status and
   * gets the receipt note only. Returns false if already confirmed or unknown.
   */
  confirmErrandBatch(endpoint: EndpointName, batchId: string): boolean {
    const batch = this.store.errandBatches().find((b) => b.endpoint === endpoint && b.batchId === batchId);
    const now = toChinaTime(this.now());
    if (!batch || !this.store.markErrandConfirmed(endpoint, batchId, now)) return false;
    for (const caseId of batch.caseIds) {
      const c = this.store.getCase(endpoint, caseId);
      if (!c) continue;
      const status: Status = c.status === 'received' || c.status === 'needs_materials' ? 'received' : c.status;
      const next: SimCase = { ...c, status, updatedAt: now };
      this.store.putCase(next, now);
      this.store.addChange(endpoint, next, now, `纸质材料已签收（批次 ${batch.batchNo}）`);
    }
    return true;
  }
}
