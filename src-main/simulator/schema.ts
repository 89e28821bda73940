/** zod schemas of the private-line request bodies (contracts/private-line-v1.md), as the simulator checks them. */
import { z } from 'zod';

export interface Reason {
  field: string;
  message: string;
}

const rfc3339 = z.iso.datetime({ offset: true });
const date = z.iso.date();

const applicantSchema = z.looseObject({
  idType: z.string().min(1),
  idNumber: z.string().min(1),
  name: z.string().min(1),
  gender: z.string().optional(),
  ethnicity: z.string().optional(),
  birthDate: date.optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  idValidTo: z.string().optional(),
});

const materialSchema = z.looseObject({
  code: z.string().min(1),
  name: z.string(),
  original: z.number().int().min(0),
  copies: z.number().int().min(0),
  received: z.boolean(),
  deferred: z.boolean(),
});

export const ACTIONS = ['submit', 'supplement', 'correct', 'withdraw'] as const;

export const caseBodySchema = z
  .looseObject({
    caseId: z.uuid(),
    rev: z.number().int().min(1),
    action: z.enum(ACTIONS),
    itemCode: z.string().min(1),
    kind: z.enum(['immediate', 'commitment']),
    acceptedAt: rfc3339,
    branchCode: z.string().min(1),
    windowNo: z.number().int().min(0),
    tellerId: z.string().min(1),
    applicant: applicantSchema.optional(),
    form: z.record(z.string(), z.unknown()).default({}),
    materials: z.array(materialSchema).default([]),
    signature: z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/i), png: z.string() }).optional(),
    feedback: z
      .looseObject({
        channel: z.enum(['sms', 'phone', 'courier', 'bank_card', 'pickup']),
        phone: z.string().optional(),
        address: z.string().optional(),
      })
      .optional(),
    training: z.boolean().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.action !== 'withdraw' && !body.applicant) {
      ctx.addIssue({ code: 'custom', path: ['applicant'], message: 'required unless action is withdraw' });
    }
  });
export type CaseBody = z.infer<typeof caseBodySchema>;

/** Form of a contribution item on the tax endpoint; amounts are integers in fen. */
export const contributionFormSchema = z.looseObject({
  insurance: z.string().min(1),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
  amountFen: z.number().int().positive(),
  cardToken: z.string().min(1),
});

export const batchBodySchema = z.object({
  items: z.array(z.object({ idempotencyKey: z.string().min(1), case: z.unknown() })).min(1).max(200),
});

export const errandBatchSchema = z.looseObject({
  batchId: z.uuid(),
  branchCode: z.string().min(1),
  date,
  caseIds: z.array(z.uuid()).min(1),
  handedBy: z.string().min(1),
  courier: z.string().min(1),
});
export type ErrandBatchBody = z.infer<typeof errandBatchSchema>;

export function issuesToReasons(error: z.ZodError, prefix = ''): Reason[] {
  return error.issues.map((issue) => ({
    field: prefix + issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
