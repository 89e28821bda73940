/** Sample case data for the document tests, built from the real catalog; personal data masked as the workflow does. */
import { guideUrl, type CatalogItem } from '../../../src-main/contract/catalog';
import { maskIdNumber, maskName } from '../../../src-main/contract/validation';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import type { OneTimeNoticeData } from '../../../src-main/core/documents/one-time-notice';
import type { AcceptancePdfData } from '../../../src-main/core/documents/acceptance-pdf';
import { renderSignaturePng, type SignaturePoint } from '../../../native/signature/render';

export const catalog = loadCatalog();
export const GUIDE_BASE = 'https://rsj.longwan.example/guide/';
export const FULL_ID = '330303198609111246';
export const FULL_NAME = '林海涛';
export const NAME_MASKED = maskName(FULL_NAME);
export const ID_MASKED = maskIdNumber(FULL_ID);

export function item(code: string): CatalogItem {
  const found = catalog.items.find((i) => i.code === code);
  if (!found) throw new Error(`no item ${code}`);
  return found;
}

/** A wavy pen stroke as the signature pad would deliver it. */
export const SIGNATURE_SIZE = { width: 360, height: 120 } as const;
export function signaturePng(): Uint8Array {
  const points: SignaturePoint[] = Array.from({ length: 220 }, (_, i) => ({ x: 20 + i * 1.5, y: 60 + 35 * Math.sin(i / 9), p: 0.8, t: i * 5 }));
  return renderSignaturePng(points, SIGNATURE_SIZE.width, SIGNATURE_SIZE.height);
}

/** A one-time notice for an item, listing its deferrable materials (accepted) or its required ones (refused). */
export function noticeFor(code: string, outcome: OneTimeNoticeData['outcome']): OneTimeNoticeData {
  const it = item(code);
  const wanted = it.materials.filter((m) => (outcome === 'accepted_deferred' ? m.deferrable : m.required));
  const common = {
    branchCode: '3303-LW-0012',
    windowNo: 3,
    tellerId: 'T0042',
    date: '2026-11-28',
    applicantNameMasked: NAME_MASKED,
    applicantIdMasked: ID_MASKED,
    itemCode: it.code,
    itemName: it.name,
    materials: wanted.map((m) => ({ name: m.name, originals: m.originals, copies: m.copies, ...(m.note ? { note: m.note } : {}) })),
    legalBasis: it.guide.legalBasis,
    guideUrl: guideUrl(GUIDE_BASE, it.code),
    caseId: '0192f1c4-7a2b-7c3d-8e4f-123456789abc',
    registrationNo: 'DJ20261128-03-007',
    enquiryPhone: '0577-86987333',
  };
  return outcome === 'accepted_deferred'
    ? { ...common, outcome, caseNo: 'SB20261128000017', deadline: '2026-12-05' }
    : { ...common, outcome, caseNo: null };
}

export function receiptFor(code: string): AcceptancePdfData {
  const it = item(code);
  return {
    title: '受理回执',
    branchCode: '3303-LW-0012',
    windowNo: 3,
    tellerId: 'T0042',
    caseId: '0192f1c4-7a2b-7c3d-8e4f-123456789abc',
    caseNo: 'SB20261128000017',
    itemCode: it.code,
    itemName: it.name,
    applicantNameMasked: NAME_MASKED,
    applicantIdMasked: ID_MASKED,
    statusText: '已受理',
    acceptedAt: '2026-11-28 09:15',
    promisedDate: '2026-12-18',
    materialsReceived: it.materials.filter((m) => !m.deferrable).map((m) => m.name),
    materialsDeferred: it.materials.filter((m) => m.deferrable).map((m) => m.name),
    feedbackText: '短信',
    result: [['登记编号', 'SBDJ20261128000003']],
    progressUrl: 'https://rsj.longwan.example/progress/SB20261128000017',
    copy: false,
  };
}
