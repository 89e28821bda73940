import type { CatalogItem, SubmitCaseInput } from '../../src-main/contract';
import type { ApplicantService } from '../../src-main/core/applicants/applicant-service';
import { createCaseService, type CaseService } from '../../src-main/core/cases/case-service';
import type { CatalogIndex } from '../../src-main/core/catalog/load';
import { configSchema } from '../../src-main/core/config/schema';
import type { Vault } from '../../src-main/core/crypto/vault';
import type { Db } from '../../src-main/core/db/open';
import { validForm } from '../support/fill-form';

/** The real case service of a training terminal over a catalog index (fixed promised date). */
export function benchCaseService(db: Db, vault: Vault, index: CatalogIndex, applicants: ApplicantService, clock?: () => number): CaseService {
  return createCaseService({
    db,
    vault,
    who: () => 'T0042',
    config: configSchema.parse({ mode: 'training' }),
    items: { getItem: (c) => index.item(c), version: () => 1, promisedDate: () => '2026-12-10' },
    applicants,
    ...(clock ? { clock } : {}),
  });
}

/** A complete intake of `item`: a valid form, every material received, SMS feedback and a signature. */
export function intakeInput(caseId: string, applicantId: string, item: CatalogItem, pngBase64: string): SubmitCaseInput {
  return {
    caseId,
    applicantId,
    itemCode: item.code,
    form: validForm(item),
    materials: item.materials.map((m) => ({ code: m.code, received: true, deferred: false, original: m.originals, copies: m.copies })),
    feedback: { channel: 'sms', phone: '13905771234' },
    signature: { pngBase64, source: 'screen' },
  };
}
