/**
 * Service catalog contract: what crosses between the core and the renderer about the 32 main items /
 * 119 sub-items, their guides (GB/T 39046-2020 fields), materials and the forms tellers fill.
 * Pure (zod + validators only): safe to import from the renderer.
 */
import { z } from 'zod';
import type { IssueKey, IssueParams } from './issues';
import { isValidBankCard, isValidCreditCode, isValidMobile, idNumberProblem } from './validation';

// ---------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------

/** Business line: social security, medical insurance (carried on the `si` endpoint), tax. */
export const lineSchema = z.enum(['SI', 'MI', 'TAX']);
export type Line = z.infer<typeof lineSchema>;

/** The private-line endpoint that owns an item (medical items live on `si`). */
export const catalogEndpointSchema = z.enum(['si', 'tax']);
export type CatalogEndpoint = z.infer<typeof catalogEndpointSchema>;

/** 办件类型: 1 即办件 (immediate), 2 承诺件 (commitment). */
export const itemKindSchema = z.enum(['immediate', 'commitment']);
export type ItemKind = z.infer<typeof itemKindSchema>;

export const ITEM_CODE_RE = /^(SI|MI|TAX)-\d{2}-\d{2}$/;
export const MAIN_CODE_RE = /^(SI|MI|TAX)-\d{2}$/;
export const itemCodeSchema = z.string().regex(ITEM_CODE_RE, 'item code like SI-04-02');
export const mainCodeSchema = z.string().regex(MAIN_CODE_RE, 'main item code like SI-04');

// ---------------------------------------------------------------------------------------------
// Form fields
// ---------------------------------------------------------------------------------------------

const fieldBase = {
  /** Key in the case body's `form` object, camelCase. */
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'field key: camelCase'),
  /** Label shown to the teller (Chinese). */
  label: z.string().min(1),
  required: z.boolean(),
  hint: z.string().optional(),
  /** Personal data: encrypted at rest, masked on screens and receipts, never logged. */
  sensitive: z.boolean().optional(),
};

export const enumOptionSchema = z.object({ value: z.string().min(1), label: z.string().min(1) });
export type EnumOption = z.infer<typeof enumOptionSchema>;

export const formFieldSchema = z.discriminatedUnion('type', [
  z.object({ ...fieldBase, type: z.literal('text'), maxLength: z.number().int().positive().optional() }),
  z.object({ ...fieldBase, type: z.literal('textarea'), maxLength: z.number().int().positive().optional() }),
  z.object({ ...fieldBase, type: z.literal('idNumber') }),
  z.object({ ...fieldBase, type: z.literal('creditCode') }),
  z.object({ ...fieldBase, type: z.literal('mobile') }),
  /** Landline (0577-86612345, 86612345) or mobile. */
  z.object({ ...fieldBase, type: z.literal('phone') }),
  /** YYYY-MM-DD. */
  z.object({ ...fieldBase, type: z.literal('date') }),
  /** Integer amount in fen (分), never a float. */
  z.object({
    ...fieldBase,
    type: z.literal('amountFen'),
    minFen: z.number().int().min(0).optional(),
    maxFen: z.number().int().positive().optional(),
  }),
  z.object({ ...fieldBase, type: z.literal('bankCard') }),
  z.object({ ...fieldBase, type: z.literal('enum'), options: z.array(enumOptionSchema).min(1) }),
  z.object({ ...fieldBase, type: z.literal('integer'), min: z.number().int().optional(), max: z.number().int().optional() }),
  /** YYYY-MM (a contribution period). */
  z.object({ ...fieldBase, type: z.literal('month') }),
]);
export type FormField = z.infer<typeof formFieldSchema>;
export type FormFieldType = FormField['type'];

/** Values of one form: strings for text-like fields, integers for `amountFen` and `integer`. */
export type FormValues = Record<string, string | number | null | undefined>;

export interface FieldProblem {
  field: string;
  /** What is wrong (an issue key, said by the renderer's `tIssue`), with the field's label among its values. Never contains the value itself. */
  message: IssueKey;
  params: IssueParams;
}

// ---------------------------------------------------------------------------------------------
// Materials
// ---------------------------------------------------------------------------------------------

export const materialSchema = z.object({
  /** 'M01', 'M02', … unique within an item. */
  code: z.string().regex(/^M\d{2}$/, 'material code like M01'),
  name: z.string().min(1),
  /** 原件份数 */
  originals: z.number().int().min(0),
  /** 复印件份数 */
  copies: z.number().int().min(0),
  required: z.boolean(),
  /** 容缺: may be missing at acceptance and brought later (one-time notice says by when). */
  deferrable: z.boolean(),
  /** Extra instructions (where to get it, what it must show). */
  note: z.string().optional(),
});
export type Material = z.infer<typeof materialSchema>;

// ---------------------------------------------------------------------------------------------
// Guide (GB/T 39046-2020)
// ---------------------------------------------------------------------------------------------

export const limitUnitSchema = z.enum(['working_day', 'calendar_day']);
export type LimitUnit = z.infer<typeof limitUnitSchema>;

/** A time limit; value 0 means done on the spot (即办). */
export const timeLimitSchema = z.object({ value: z.number().int().min(0), unit: limitUnitSchema });
export type TimeLimit = z.infer<typeof timeLimitSchema>;

export const feeSchema = z.object({
  /** 0 = free. */
  amountFen: z.number().int().min(0),
  basis: z.string().min(1),
});

export const faqSchema = z.object({ q: z.string().min(1), a: z.string().min(1) });

export const guideSchema = z.object({
  /** 基本编码 */
  basicCode: z.string().min(1),
  /** 实施编码 */
  implementationCode: z.string().min(1),
  /** 事项类型, e.g. 公共服务, 行政给付, 行政确认 */
  itemType: z.string().min(1),
  /** 设定依据 — each entry one law/regulation with its article. */
  legalBasis: z.array(z.string().min(1)).min(1),
  /** 实施主体 */
  implementingBody: z.string().min(1),
  /** 法定办结时限; null when no statute sets one (e.g. record checks). */
  statutoryLimit: timeLimitSchema.nullable(),
  /** 承诺办结时限; 0 for immediate items. */
  promisedLimit: timeLimitSchema,
  /** Free text qualifying the limits (e.g. 事实清楚、权利义务明确的，15日内作出决定). */
  limitNote: z.string().optional(),
  /** 受理条件 */
  conditions: z.array(z.string().min(1)).min(1),
  /** 办理流程 */
  procedure: z.array(z.string().min(1)).min(1),
  /** 办理结果名称 */
  resultName: z.string().min(1),
  fee: feeSchema,
  /** 服务对象: 自然人 / 法人 / 自然人、法人 */
  serviceObject: z.string().min(1),
  /** 办理形式: 窗口办理, 网上办理, … */
  handlingWays: z.array(z.string().min(1)).min(1),
  /** 办理地点 */
  place: z.string().min(1),
  /** 办理时间 */
  hours: z.string().min(1),
  /** 咨询电话 */
  enquiryPhone: z.string().min(1),
  /** 监督投诉电话 */
  complaintPhone: z.string().min(1),
  faq: z.array(faqSchema),
});
export type Guide = z.infer<typeof guideSchema>;

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

export const catalogItemSchema = z.object({
  code: itemCodeSchema,
  mainCode: mainCodeSchema,
  name: z.string().min(1),
  kind: itemKindSchema,
  endpoint: catalogEndpointSchema,
  line: lineSchema,
  /** Synonyms and common words citizens use (养老, 医保, 社保卡 …) for search. */
  keywords: z.array(z.string().min(1)),
  guide: guideSchema,
  materials: z.array(materialSchema).min(1),
  form: z.array(formFieldSchema).min(1),
  /**
   * Dotted paths of values that are assumptions (*proposal*) to be replaced by the district's published
   * list, e.g. 'guide.promisedLimit', 'guide.fee', 'guide.implementationCode'.
   */
  assumptions: z.array(z.string().min(1)),
  /**
   * Chinese labels of the keys of this item's result object (what the back office returns for it), e.g.
   * {"registrationNo": "参保登记编号"}; keys not listed take the catalog-wide labels (RESULT_FIELD_LABELS).
   */
  resultFields: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Catalog version in which this item last changed. */
  version: z.number().int().min(1),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;

export const catalogMainItemSchema = z.object({
  code: mainCodeSchema,
  name: z.string().min(1),
  line: lineSchema,
});
export type CatalogMainItem = z.infer<typeof catalogMainItemSchema>;

/**
 * A reason a citizen may give for a bad rating (不满意 / 非常不满意) under 政务服务“好差评”: the codes the private
 * line's PUT /v1/evaluations accepts in `reasons` (contract v1.1), with their Chinese label.
 */
export const evaluationReasonSchema = z.object({ code: z.string().regex(/^E\d{2}$/, 'reason code like E01'), label: z.string().min(1) });
export type EvaluationReason = z.infer<typeof evaluationReasonSchema>;

/** The whole catalog as shipped (and as rebuilt after updates). */
export const catalogSchema = z.object({
  version: z.number().int().min(1),
  mainItems: z.array(catalogMainItemSchema),
  items: z.array(catalogItemSchema),
  /** Reasons of bad ratings (好差评), shared by every item. */
  evaluationReasons: z.array(evaluationReasonSchema).min(1),
});
export type Catalog = z.infer<typeof catalogSchema>;

/** What a search hit shows. */
export const itemSummarySchema = z.object({
  code: itemCodeSchema,
  name: z.string(),
  mainName: z.string(),
  kind: itemKindSchema,
  endpoint: catalogEndpointSchema,
});
export type ItemSummary = z.infer<typeof itemSummarySchema>;

export const matchKindSchema = z.enum(['code', 'name', 'pinyin', 'initials', 'keyword']);
export type MatchKind = z.infer<typeof matchKindSchema>;

export const itemHitSchema = itemSummarySchema.extend({
  /** Higher is better. */
  score: z.number(),
  matchedBy: matchKindSchema,
});
export type ItemHit = z.infer<typeof itemHitSchema>;

// ---------------------------------------------------------------------------------------------
// Display helpers (pure)
// ---------------------------------------------------------------------------------------------

/** '10个工作日', '60日', '即办'. */
export function describeLimit(limit: TimeLimit | null): string {
  if (limit === null) return '无';
  if (limit.value === 0) return '即办';
  return limit.unit === 'working_day' ? `${limit.value}个工作日` : `${limit.value}日`;
}

/** 2000 → '20.00元', 0 → '不收费'. */
export function describeFee(amountFen: number): string {
  return amountFen === 0 ? '不收费' : `${yuan(amountFen)}元`;
}

/** An amount in 元 with two decimals ("12.34"). */
export function yuan(amountFen: number): string {
  return `${Math.floor(amountFen / 100)}.${String(amountFen % 100).padStart(2, '0')}`;
}

export const KIND_LABEL: Record<ItemKind, string> = { immediate: '即办件', commitment: '承诺件' };

/** The public guide page of an item: the configured base URL joined with the item code by exactly one '/'. */
export function guideUrl(guideBaseUrl: string, itemCode: string): string {
  return guideBaseUrl.replace(/\/+$/, '') + '/' + encodeURIComponent(itemCode);
}

// ---------------------------------------------------------------------------------------------
// Form validation (shared by renderer and core)
// ---------------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const LANDLINE_RE = /^(0\d{2,3}-?)?[1-9]\d{6,7}(-\d{1,6})?$/;

function isRealDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * The label a teller reads for a field. Amounts are typed in 元 (stored in fen), so the catalog's unit note
 * 「（分）」 / 「（分，…）」 is dropped from an amount's label: 「月工资（分）」 → 「月工资」.
 */
export function fieldLabel(field: FormField): string {
  if (field.type !== 'amountFen') return field.label;
  return field.label.replace(/（分）/g, '').replace(/（分，/g, '（');
}

/** The problem with one present value (its issue key and values besides the label), or null. Never echoes the value. */
function fieldValueProblem(field: FormField, value: unknown): [IssueKey, IssueParams?] | null {
  switch (field.type) {
    case 'amountFen': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return ['issue.field.amount'];
      if (value < (field.minFen ?? 0)) return ['issue.field.amountMin', { yuan: yuan(field.minFen ?? 0) }];
      if (field.maxFen !== undefined && value > field.maxFen) return ['issue.field.amountMax', { yuan: yuan(field.maxFen) }];
      return null;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return ['issue.field.integer'];
      if (field.min !== undefined && value < field.min) return ['issue.field.min', { min: field.min }];
      if (field.max !== undefined && value > field.max) return ['issue.field.max', { max: field.max }];
      return null;
    }
    default:
      break;
  }
  if (typeof value !== 'string') return ['issue.field.format'];
  const v = value.trim();
  switch (field.type) {
    case 'text':
    case 'textarea':
      return field.maxLength !== undefined && Array.from(v).length > field.maxLength ? ['issue.field.maxLength', { max: field.maxLength }] : null;
    case 'idNumber': {
      const p = idNumberProblem(v);
      if (p === 'format') return ['issue.field.idFormat'];
      if (p === 'birth_date') return ['issue.field.idBirthDate'];
      if (p === 'check_digit') return ['issue.field.idCheckDigit'];
      return null;
    }
    case 'creditCode':
      return isValidCreditCode(v) ? null : ['issue.field.creditCode'];
    case 'mobile':
      return isValidMobile(v) ? null : ['issue.field.mobile'];
    case 'phone':
      return isValidMobile(v) || LANDLINE_RE.test(v) ? null : ['issue.field.phone'];
    case 'date':
      return isRealDate(v) ? null : ['issue.field.date'];
    case 'month':
      return MONTH_RE.test(v) ? null : ['issue.field.month'];
    case 'bankCard':
      return isValidBankCard(v.replace(/\s+/g, '')) ? null : ['issue.field.bankCard'];
    case 'enum':
      return field.options.some((o) => o.value === v) ? null : ['issue.field.enum'];
  }
}

/**
 * Validates a form's values against its fields. Returns one problem per field at most, in field order;
 * an empty array means the form is valid. Unknown keys in `values` are reported too.
 */
export function validateFormValues(fields: readonly FormField[], values: FormValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const value = values[field.key];
    const label = fieldLabel(field);
    if (isEmpty(value)) {
      if (field.required) problems.push({ field: field.key, message: 'issue.field.required', params: { label } });
      continue;
    }
    const problem = fieldValueProblem(field, value);
    if (problem) problems.push({ field: field.key, message: problem[0], params: { label, ...problem[1] } });
  }
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key) && !isEmpty(values[key])) problems.push({ field: key, message: 'issue.field.unknown', params: { label: key } });
  }
  return problems;
}
