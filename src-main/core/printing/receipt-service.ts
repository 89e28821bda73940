import { CoreError, resultEntries } from '../../contract';
import type { CaseService, ItemSource } from '../cases/case-service';
import type { TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';
import { createAuditWriter, createPrintCounter } from '../db/journal';
import type { PrinterDevice } from '../devices/printer-device';
import type { Vault } from '../crypto/vault';
import { nowIso, toChinaTime } from '../util/time';
import { acceptanceReceipt, type ReceiptData } from './receipt';

const FEEDBACK_TEXT: Record<string, string> = { sms: '短信', phone: '电话', courier: '快递送达', bank_card: '银行卡到账', pickup: '网点自取' };
export const STATUS_TEXT: Record<string, string> = {
  accepted: '已受理',
  accepted_deferred: '容缺受理',
  notified: '一次性告知（未受理）',
  received: '已接收',
  in_review: '审核中',
  needs_materials: '需补材料',
  approved: '已审批',
  rejected: '不予受理',
  completed: '已办结',
  withdrawn: '已撤回',
};
/** Acceptance receipts: laid out from the saved case, printed through the printer queue, each print audited. */
export function createReceiptService(deps: { db: Db; vault: Vault; config: TerminalConfig; cases: CaseService; items: ItemSource; printer: PrinterDevice; who: () => string }) {
  const { db, config, cases, printer } = deps;
  const audit = createAuditWriter(db);
  const countPrints = createPrintCounter(db);
  return {
    /** What the acceptance receipt shows for a case (masked personal data only). */
    data(caseId: string, copy: boolean): ReceiptData {
      const view = cases.view(caseId);
      const body = cases.body(caseId);
      if (!view || !body) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
      return {
          title: '受理回执',
          branchCode: config.branchCode,
          windowNo: config.windowNo,
          tellerId: body.tellerId,
          caseId,
          caseNo: view.caseNo,
          queueNo: view.queueNo,
          itemCode: view.itemCode,
          itemName: view.itemName,
          applicantNameMasked: view.applicantNameMasked,
          applicantIdMasked: view.applicantIdMasked,
          statusText: STATUS_TEXT[view.status] ?? view.status,
          acceptedAt: toChinaTime(Date.parse(view.acceptedAt)).slice(0, 16).replace('T', ' '),
          promisedDate: view.promisedDate,
          materialsReceived: body.materials.filter((m) => m.received).map((m) => m.name),
          materialsDeferred: body.materials.filter((m) => m.deferred).map((m) => m.name),
          feedbackText: FEEDBACK_TEXT[body.feedback.channel] ?? body.feedback.channel,
          result: resultEntries(view.result, deps.items.getItem(view.itemCode)),
          progressUrl: `${config.guideBaseUrl.replace(/guide\/?$/, '')}progress/${view.caseNo ?? caseId}`,
          copy,
      };
    },
    async print(caseId: string, copy: boolean): Promise<{ jobId: string; state: 'printed' | 'held' }> {
      const printedBefore = countPrints(caseId, 'receipt.print');
      const isCopy = copy || printedBefore > 0;
      const bytes = acceptanceReceipt(this.data(caseId, isCopy), printer.paperWidth());
      // One job id per print request of a case: a retried call with the same content never prints twice.
      const jobId = `${caseId}:receipt:${printedBefore + 1}`;
      audit({ at: nowIso(), actor: deps.who(), action: 'receipt.print', caseId, detail: { copy: isCopy, jobId } });
      const state = await printer.print(jobId, bytes);
      return { jobId, state };
    },
  };
}
