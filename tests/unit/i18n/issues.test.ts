import { describe, expect, it } from 'vitest';
import { feedbackSchema, ISSUE_KEYS, manualIdProblem, rateCaseInputSchema } from '../../../src-main/contract';
import { configSchema } from '../../../src-main/core/config/schema';
import { deviceSettingsIssues } from '../../../src-main/core/devices/device-settings';
import { setLocale, tIssue } from '../../../src-renderer/i18n';
import { en } from '../../../src-renderer/i18n/messages/en';
import { zhCN } from '../../../src-renderer/i18n/messages/zh-CN';

const zh: Record<string, string | undefined> = zhCN;
const english: Record<string, string | undefined> = en;
const CJK = /[\u4e00-\u9fff]/;

/** The messages a schema's refusal of `input` carries. */
function refusal(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, input: unknown): string[] {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => i.message);
}

describe('issues of a refused input', () => {
  it('every issue key has its text in both languages, and the catalogs hold no issue text without a key', () => {
    expect(ISSUE_KEYS.filter((k) => !zh[k] || !english[k])).toEqual([]);
    const listed = new Set<string>(ISSUE_KEYS);
    expect(Object.keys(zhCN).filter((k) => k.startsWith('issue.') && !listed.has(k))).toEqual([]);
  });

  it("the contract's own checks refuse with issue keys, never with a text of one language", () => {
    const messages = [
      ...refusal(feedbackSchema, { channel: 'courier', phone: '123' }),
      ...refusal(feedbackSchema, { channel: 'sms' }),
      ...refusal(rateCaseInputSchema, { caseId: '0192f1c4-0000-7000-8000-000000000001', rev: 1, level: 1, reasons: [] }),
      ...refusal(rateCaseInputSchema, { caseId: '0192f1c4-0000-7000-8000-000000000001', rev: 1, level: 5, reasons: ['E01', 'E01'] }),
      ...refusal(configSchema, { terminalId: 'bad id!', branchCode: 'x', tellerId: 't' }),
      ...deviceSettingsIssues({ idCard: { transport: 'serial' }, printer: { transport: 'tcp' } } as never).map((i) => i.message),
      manualIdProblem('resident', '12')!,
    ];
    expect(messages).toEqual([
      'issue.feedback.phone',
      'issue.feedback.address',
      'issue.feedback.phoneRequired',
      'issue.rating.reasonsRequired',
      'issue.rating.reasonsOnlyBad',
      'issue.rating.reasonsRepeated',
      'issue.config.terminalId',
      'issue.config.branchCode',
      'issue.config.tellerId',
      'issue.device.idCardPort',
      'issue.device.printerHost',
      'issue.manualId.resident',
    ]);
  });

  it('says an issue in the teller language; a text that is no key of ours is said as a general issue, not shown', () => {
    const issue = { message: 'issue.device.printerHost' };
    const zod = { message: 'Too small: expected string to have >=1 characters' };
    expect(tIssue(issue)).toBe('请填写网络打印机的地址');
    expect(tIssue(zod)).toBe('此项不符合要求，请核对');
    setLocale('en');
    try {
      expect(tIssue(issue)).toBe('Fill in the address of the network printer');
      expect(tIssue(zod)).toBe('This value is not accepted; please check it');
      for (const k of ISSUE_KEYS) expect(english[k], k).not.toMatch(CJK);
    } finally {
      setLocale('zh-CN');
    }
  });
});
