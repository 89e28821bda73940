import { CoreError, type DocumentFile } from '../../contract';
import type { CaseService, ItemSource } from '../cases/case-service';
import type { TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';
import { createAuditWriter, createPrintCounter } from '../db/journal';
import type { PrinterDevice } from '../devices/printer-device';
import { acceptanceReceiptPdf, handoverManifestPdf, oneTimeNoticePdf, oneTimeNoticeThermal, type OneTimeNoticeData } from '../documents';
import type { ErrandService } from '../errands/errand-service';
import { chinaDate, nowIso } from '../util/time';

type ReceiptSource = { data(caseId: string, copy: boolean): import('./receipt').ReceiptData };

function pdf(fileName: string, bytes: Buffer): DocumentFile {
  return { fileName, mime: 'application/pdf', base64: bytes.toString('base64') };
}

/** The documents of a case and of an errand batch: one-time notices (thermal, A4), the A4 receipt, the handover manifest. */
export function createDocumentService(deps: {
  db: Db;
  config: TerminalConfig;
  cases: CaseService;
  items: ItemSource;
  receipts: ReceiptSource;
  errands: ErrandService;
  printer: PrinterDevice;
  /** The signed-in person (recorded on every case, print and audit entry). */
  who: () => string;
  clock?: () => number;
}) {
  const { db, config, cases, items, printer } = deps;
  const clock = deps.clock ?? Date.now;
  const audit = createAuditWriter(db);
  const countPrints = createPrintCounter(db);

  function signatureOf(caseId: string): Buffer | undefined {
    const png = cases.body(caseId)?.signature?.png;
    return png ? Buffer.from(png, 'base64') : undefined;
  }

  /** 一次性告知书: what is still to bring, for a refused intake or one accepted with deferred (容缺) materials. */
  function noticeData(caseId: string, copy: boolean): OneTimeNoticeData {
    const view = cases.view(caseId);
    const body = cases.body(caseId);
    if (!view || !body) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
    const item = items.getItem(view.itemCode);
    if (!item) throw new CoreError('not_found', `no catalog item ${view.itemCode}`, 'error.itemNotFound');
    const received = new Set(body.materials.filter((m) => m.received).map((m) => m.code));
    // Only an accepted case is ever sent (a refused intake stays local), and accepted with deferred materials stays
    // so after the back office moves the case on (received, in review…): the status alone cannot tell.
    const deferred = view.syncState !== 'local';
    const toBring = item.materials.filter((m) => (deferred ? body.materials.some((b) => b.code === m.code && b.deferred) : m.required && !received.has(m.code)));
    if (toBring.length === 0) throw new CoreError('conflict', 'nothing is missing for this case', 'error.noNotice');
    const common = {
      branchCode: config.branchCode,
      windowNo: config.windowNo,
      tellerId: body.tellerId,
      date: chinaDate(clock()),
      applicantNameMasked: view.applicantNameMasked,
      applicantIdMasked: view.applicantIdMasked,
      itemCode: item.code,
      itemName: item.name,
      materials: toBring.map((m) => ({ name: m.name, originals: m.originals, copies: m.copies, ...(m.note ? { note: m.note } : {}) })),
      legalBasis: item.guide.legalBasis,
      guideUrl: `${config.guideBaseUrl}${item.code}`,
      caseId,
      // Every case is numbered at intake (and those before migration 0010 by it); the id stays the last resort.
      registrationNo: view.regNo ?? caseId,
      caseNo: view.caseNo,
      enquiryPhone: item.guide.enquiryPhone,
      copy,
      signaturePng: signatureOf(caseId),
    };
    return deferred ? { ...common, outcome: 'accepted_deferred', deadline: view.deadline ?? chinaDate(clock()) } : { ...common, outcome: 'not_accepted' };
  }

  return {
    async printNotice(caseId: string, copy: boolean) {
      const printedBefore = countPrints(caseId, 'notice.print');
      const isCopy = copy || printedBefore > 0;
      const bytes = oneTimeNoticeThermal(noticeData(caseId, isCopy), printer.paperWidth());
      const jobId = `${caseId}:notice:${printedBefore + 1}`;
      audit({ at: nowIso(clock), actor: deps.who(), action: 'notice.print', caseId, detail: { copy: isCopy, jobId } });
      return { jobId, state: await printer.print(jobId, bytes) };
    },
    // The A4 version is a document of its own (the one the citizen signs): the first one issued is the original even
    // when the thermal slip was printed before it; every later one is a copy.
    async noticePdf(caseId: string): Promise<DocumentFile> {
      const isCopy = countPrints(caseId, 'notice.pdf') > 0;
      const data = noticeData(caseId, isCopy);
      const bytes = await oneTimeNoticePdf(data, { font: config.documentFont });
      audit({ at: nowIso(clock), actor: deps.who(), action: 'notice.pdf', caseId, detail: { copy: isCopy } });
      return pdf(`一次性告知书-${data.caseNo ?? data.registrationNo}.pdf`, bytes);
    },
    async receiptPdf(caseId: string, copy: boolean): Promise<DocumentFile> {
      const isCopy = copy || countPrints(caseId, 'receipt.pdf') > 0;
      const data = deps.receipts.data(caseId, isCopy);
      const bytes = await acceptanceReceiptPdf({ ...data, signaturePng: signatureOf(caseId) }, { font: config.documentFont });
      audit({ at: nowIso(clock), actor: deps.who(), action: 'receipt.pdf', caseId, detail: { copy: isCopy } });
      return pdf(`受理回执-${data.caseNo ?? caseId.slice(0, 8)}.pdf`, bytes);
    },
    async manifestPdf(batchId: string, copy: boolean): Promise<DocumentFile> {
      const batch = deps.errands.get(batchId);
      if (!batch) throw new CoreError('not_found', 'no such batch', 'error.batchNotFound');
      const paper = deps.errands.paperOf(batchId);
      const caseViews = batch.caseIds.map((id) => cases.view(id)!);
      const bytes = await handoverManifestPdf(
        {
        batchId,
        batchNo: batch.batchNo,
        date: batch.date,
        branchCode: config.branchCode,
        tellerId: deps.errands.handedBy(batchId) ?? deps.who(),
        courier: batch.courier,
        copy,
        cases: caseViews.map((c) => ({
          caseNo: c.caseNo ?? c.caseId.slice(0, 18),
          itemCode: c.itemCode,
          itemName: c.itemName,
          applicantNameMasked: c.applicantNameMasked,
          paperMaterials: paper.get(c.caseId) ?? 0,
        })),
        },
        { font: config.documentFont },
      );
      return pdf(`代跑腿交接清单-${batch.batchNo ?? batchId.slice(0, 8)}.pdf`, bytes);
    },
  };
}
