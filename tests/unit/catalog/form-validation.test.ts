import { describe, expect, it } from 'vitest';
import { formFieldSchema, validateFormValues, type FormField } from '../../../src-main/contract/catalog';
import { idCheckChar } from '../../../src-main/contract/validation';
import { setLocale, tIssue } from '../../../src-renderer/i18n';

const fields: FormField[] = [
  { key: 'idNumber', label: '公民身份号码', type: 'idNumber', required: true, sensitive: true },
  { key: 'creditCode', label: '统一社会信用代码', type: 'creditCode', required: false },
  { key: 'mobile', label: '手机号码', type: 'mobile', required: true, sensitive: true },
  { key: 'phone', label: '联系电话', type: 'phone', required: false },
  { key: 'startDate', label: '开始日期', type: 'date', required: false },
  { key: 'period', label: '缴费所属期', type: 'month', required: false },
  { key: 'amountFen', label: '缴费金额', type: 'amountFen', required: false, minFen: 100 },
  { key: 'card', label: '银行卡号', type: 'bankCard', required: false, sensitive: true },
  { key: 'grade', label: '缴费档次', type: 'enum', required: false, options: [{ value: '1', label: '第一档' }] },
  { key: 'months', label: '月数', type: 'integer', required: false, min: 1, max: 12 },
  { key: 'remark', label: '备注', type: 'text', required: false, maxLength: 4 },
];

const id17 = '33030219860911123';
const validId = id17 + idCheckChar(id17);
const wrongId = id17 + (idCheckChar(id17) === '0' ? '1' : '0');

describe('validateFormValues', () => {
  it('accepts a valid form', () => {
    expect(
      validateFormValues(fields, {
        idNumber: validId,
        creditCode: '91330300MA2868TC5F',
        mobile: '18012341999',
        phone: '0577-86612345',
        startDate: '2026-02-28',
        period: '2026-11',
        amountFen: 12345,
        card: '4111 1111 1111 1111',
        grade: '1',
        months: 12,
        remark: '四个汉字',
      }),
    ).toEqual([]);
  });

  it('reports each bad field once, as an issue key with the label, without echoing the value', () => {
    const problems = validateFormValues(fields, {
      idNumber: wrongId,
      mobile: '',
      phone: 'abc',
      startDate: '2026-02-30',
      period: '2026-13',
      amountFen: 12.5,
      card: '4111111111111112',
      grade: '9',
      months: 13,
      remark: '五个汉字了',
      creditCode: '91330300MA2868TC5Y',
      extra: 'x',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'idNumber', 'creditCode', 'mobile', 'phone', 'startDate', 'period', 'amountFen', 'card', 'grade', 'months', 'remark', 'extra',
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'issue.field.idCheckDigit', 'issue.field.creditCode', 'issue.field.required', 'issue.field.phone', 'issue.field.date', 'issue.field.month',
      'issue.field.amount', 'issue.field.bankCard', 'issue.field.enum', 'issue.field.max', 'issue.field.maxLength', 'issue.field.unknown',
    ]);
    expect(problems[9]!.params).toEqual({ label: '月数', max: 12 });
    expect(JSON.stringify(problems)).not.toContain(wrongId.slice(0, 17));
  });

  it('reads in the teller language, with the label and the limit put in', () => {
    const problems = validateFormValues(fields, { idNumber: wrongId, mobile: '', amountFen: 99, remark: '五个汉字了' });
    expect(problems.map(tIssue)).toEqual(['公民身份号码校验位不正确，请核对', '请填写手机号码', '缴费金额不能小于1.00元', '备注不能超过4个字']);
    setLocale('en');
    try {
      expect(problems.map(tIssue)).toEqual([
        'The check digit of 公民身份号码 is wrong; please check the number',
        'Please fill in 手机号码',
        '缴费金额 must be at least ¥1.00',
        '备注 must be at most 4 characters',
      ]);
    } finally {
      setLocale('zh-CN');
    }
  });

  it('treats amounts as integer fen only', () => {
    const f = [fields[6]!];
    expect(validateFormValues(f, { amountFen: '100' })).toHaveLength(1);
    expect(validateFormValues(f, { amountFen: 99 })).toHaveLength(1);
    expect(validateFormValues(f, { amountFen: 100 })).toEqual([]);
  });

  it('the field schema refuses an enum without options and an unknown type', () => {
    expect(formFieldSchema.safeParse({ key: 'a', label: 'x', type: 'enum', required: true, options: [] }).success).toBe(false);
    expect(formFieldSchema.safeParse({ key: 'a', label: 'x', type: 'color', required: true }).success).toBe(false);
  });
});
