/**
 * zod schemas of the private-line request bodies (contracts/private-line-v1.md), as the simulator checks them: every
 * field the contract states, with its type, enum, format and bounds; a body that breaks one is `400 malformed` with a
 * reason naming the field's path. Where the contract is silent (extra fields, which applicant fields a withdrawal
 * needs, the values of idType or gender) the simulator accepts. Amounts are integers in fen: the contract's
 * contribution form (`amountFen`) and, by the same rule, every form field whose name ends in `Fen`.
 */
import { z } from 'zod';

export interface Reason {
  field: string;
  message: string;
}

/** RFC 3339 with seconds and an offset (`Z` is the zero offset). */
const rfc3339 = z.iso.datetime({ offset: true });
/** YYYY-MM-DD, a real calendar date. */
const date = z.iso.date();
/** An amount in fen: an integer, never a float or a string. */
const fen = z.number().int('amounts are integers in fen').refine(Number.isSafeInteger, 'amount out of range');

const applicantSchema = z.looseObject({
  idType: z.string().min(1),
  idNumber: z.string().min(1),
  name: z.string().min(1),
  gender: z.string().optional(),
  ethnicity: z.string().optional(),
  birthDate: date.optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  idValidTo: date.optional(),
});

/** Form values whose key ends in `Fen`, at any depth: [path below form, value]. */
function* fenFields(value: unknown, path: (string | number)[]): Generator<[(string | number)[], unknown]> {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* fenFields(v, [...path, i]);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/Fen$/.test(k)) yield [[...path, k], v];
      else yield* fenFields(v, [...path, k]);
    }
  }
}

const materialSchema = z.looseObject({
  code: z.string().min(1),
  name: z.string().min(1),
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
    signature: z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'expected 64 hex digits'), png: z.base64().min(1) }).optional(),
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
    for (const [path, value] of fenFields(body.form, ['form'])) {
      if (value === null || value === undefined) continue;
      const amount = fen.safeParse(value);
      if (!amount.success) ctx.addIssue({ code: 'custom', path, message: amount.error.issues[0]?.message ?? 'amounts are integers in fen' });
    }
  });
export type CaseBody = z.infer<typeof caseBodySchema>;

/** Form of a contribution item on the tax endpoint; amounts are integers in fen. */
export const contributionFormSchema = z.looseObject({
  insurance: z.string().min(1),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
  amountFen: fen.pipe(z.number().positive()),
  cardToken: z.string().min(1),
});

/** Up to 200 revisions; each item's `case` is checked on its own (a bad one is that item's 400, not the batch's). */
export const BATCH_MAX = 200;
export const batchBodySchema = z.looseObject({
  items: z.array(z.looseObject({ idempotencyKey: z.string().min(1), case: z.unknown() })).min(1).max(BATCH_MAX),
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

/** One reason per issue, named by the field's path (`applicant.birthDate`, `materials.0.copies`; `body` for the whole body). */
export function issuesToReasons(error: z.ZodError, prefix = ''): Reason[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: path ? prefix + path : prefix.replace(/\.$/, '') || 'body', message: issue.message };
  });
}
