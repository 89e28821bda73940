/**
 * The text of the SMS (or the script of the phone call) telling a citizen where their case stands.
 * One SMS segment holds 70 characters: the text is shortened to fit where it can (the result detail is
 * dropped first, then the item name is abbreviated). It never carries an ID number, a name or a card number;
 * the SMS gateway adds its own signature (【…】).
 */

/** Case statuses from the back office (private-line contract v1). */
export const RESULT_STATUSES = ['received', 'in_review', 'needs_materials', 'approved', 'rejected', 'completed', 'withdrawn'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export function isResultStatus(s: string): s is ResultStatus {
  return (RESULT_STATUSES as readonly string[]).includes(s);
}

export interface ResultMessageInput {
  itemName: string;
  caseNo: string | null;
  status: ResultStatus;
  /** The back office's result object (registrationNo, certificateNo, receiptNo, amountFen…), if any. */
  result?: Record<string, unknown> | null;
  /** Where to collect the result (网点自取 / 窗口领取), e.g. '龙湾区农商银行永中支行'. */
  pickupPlace?: string | null;
}

/** Characters in one SMS segment of UCS-2 text. */
export const SMS_SEGMENT_CHARS = 70;

/** Result fields that may go into a message (never card or ID numbers), in order of preference. */
const RESULT_FIELDS: [string, string][] = [
  ['certificateNo', '证明编号'],
  ['registrationNo', '登记编号'],
  ['receiptNo', '凭证号'],
];

/** Looks like a resident ID number or a bank card number: never put into a message. */
const SENSITIVE_DIGITS = /\d{15,}|\d{17}[Xx]/;

function resultDetail(result: Record<string, unknown> | null | undefined): string {
  if (!result) return '';
  for (const [key, label] of RESULT_FIELDS) {
    const v = result[key];
    if (typeof v === 'string' && v.length > 0 && v.length <= 24 && !SENSITIVE_DIGITS.test(v)) return `，${label}${v}`;
  }
  const fen = result.amountFen;
  if (typeof fen === 'number' && Number.isInteger(fen) && fen > 0) return `，金额${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}元`;
  return '';
}

function compose(item: string, caseNo: string | null, status: ResultStatus, detail: string, pickupPlace: string | null | undefined): string {
  const subject = `您申请的“${item}”${caseNo ? `（受理编号${caseNo}）` : ''}`;
  switch (status) {
    case 'completed':
    case 'approved': {
      const verb = status === 'completed' ? '已办结' : '已审核通过';
      const pickup = pickupPlace ? `请携带本人身份证件到${pickupPlace}领取。` : '';
      return `${subject}${verb}${detail}。${pickup}`;
    }
    case 'rejected':
      return `${subject}经审核未予通过，详情请咨询受理窗口。`;
    case 'needs_materials':
      return `${subject}需补充材料，请携带本人身份证件到受理窗口办理。`;
    case 'received':
      return `${subject}已由经办机构接收，正在办理。`;
    case 'in_review':
      return `${subject}正在审核中。`;
    case 'withdrawn':
      return `${subject}已撤回。`;
  }
}

const length = (s: string): number => [...s].length;

/** The message text, ≤ 70 characters where the case number and pickup place leave room for it. */
export function resultMessage(input: ResultMessageInput): string {
  const { itemName, caseNo, status, pickupPlace } = input;
  const detail = resultDetail(input.result);
  let text = compose(itemName, caseNo, status, detail, pickupPlace);
  if (length(text) <= SMS_SEGMENT_CHARS) return text;
  text = compose(itemName, caseNo, status, '', pickupPlace);
  const over = length(text) - SMS_SEGMENT_CHARS;
  if (over <= 0) return text;
  const chars = [...itemName];
  const keep = Math.max(4, chars.length - over - 1);
  if (keep >= chars.length) return text;
  return compose(`${chars.slice(0, keep).join('')}…`, caseNo, status, '', pickupPlace);
}
