import { describe, expect, it } from 'vitest';
import {
  idCheckChar,
  idNumberFacts,
  idNumberProblem,
  isValidBankCard,
  isValidCreditCode,
  isValidIdNumber,
  isValidMobile,
  maskIdNumber,
  maskName,
  maskPhone,
} from '../../../src-main/contract/validation';

describe('GB 11643 citizen ID numbers', () => {
  it('computes the check character from the standard weights', () => {
    // The worked example of GB 11643-1999, appendix: 11010519491231002X.
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052419800101001')).toBe('3');
    expect(idCheckChar('1101051949123100')).toBeNull();
  });

  it('accepts valid numbers, lower-case x included', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524198001010013')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(false); // born before 1900: not a real birth date here
  });

  it('names what is wrong with an invalid number', () => {
    expect(idNumberProblem('110105194912310021')).toBe('check_digit');
    expect(idNumberProblem('110105194902301234')).toBe('birth_date'); // 30 February
    expect(idNumberProblem('11010519491231002')).toBe('format');
    expect(idNumberProblem('11010519491231002Y')).toBe('format');
    expect(idNumberProblem('')).toBe('format');
  });

  it('reads birth date and gender from a valid number only', () => {
    expect(idNumberFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: '2' });
    expect(idNumberFacts('440524198001010013')).toEqual({ birthDate: '1980-01-01', gender: '1' });
    expect(idNumberFacts('110105194912310021')).toBeNull();
  });
});

describe('other identifiers', () => {
  it('checks GB 32100 unified social credit codes', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false); // I is not in the alphabet
  });

  it('checks bank card numbers by Luhn', () => {
    expect(isValidBankCard('6222020200112233449')).toBe(false);
    expect(isValidBankCard('4111111111111111')).toBe(true);
    expect(isValidBankCard('4111111111111112')).toBe(false);
    expect(isValidBankCard('41111111111')).toBe(false);
  });

  it('checks mainland mobile numbers', () => {
    expect(isValidMobile('18012341999')).toBe(true);
    expect(isValidMobile('12012341999')).toBe(false);
    expect(isValidMobile('1801234199')).toBe(false);
  });
});

describe('masking', () => {
  it('masks as the design says', () => {
    expect(maskIdNumber('330302198609111234')).toBe('330302********1234');
    expect(maskPhone('18012341999')).toBe('180****1999');
    expect(maskName('林晓雯')).toBe('林**');
    expect(maskName('林')).toBe('林');
  });
});

describe('counter (issue 19): manual 证件类型, amount labels, result labels', () => {
  it('checks a number typed by hand for its document type', async () => {
    const { manualIdProblem } = await import('../../../src-main/contract/validation');
    expect(manualIdProblem('resident', '11010519491231002X')).toBeNull();
    expect(manualIdProblem('resident', '110105194912310021')).toBe('issue.manualId.checkDigit');
    expect(manualIdProblem('foreign', 'USA330385061511')).toBeNull();
    expect(manualIdProblem('resident', 'USA330385061511')).toBe('issue.manualId.resident');
    expect(manualIdProblem('other', 'P1234567')).toBeNull();
    expect(manualIdProblem('other', '12')).toBe('issue.manualId.other');
  });

  it('drops 分 from amount labels and labels results in Chinese with China time and 元', async () => {
    const { fieldLabel, validateFormValues, resultEntries } = await import('../../../src-main/contract');
    const wage = { key: 'monthlyWageFen', label: '月工资（分）', type: 'amountFen', required: true } as const;
    expect(fieldLabel(wage)).toBe('月工资');
    expect(fieldLabel({ ...wage, label: '月缴费基数（分，居民养老填档次对应金额）' })).toBe('月缴费基数（居民养老填档次对应金额）');
    expect(validateFormValues([wage], {})).toEqual([{ field: 'monthlyWageFen', message: 'issue.field.required', params: { label: '月工资' } }]);
    expect(resultEntries({ registrationNo: 'SBDJ1', completedAt: '2026-12-05T19:23:34.238+08:00', amountFen: 12345, other: 'x' }, { resultFields: { registrationNo: '参保登记编号' } })).toEqual([
      ['参保登记编号', 'SBDJ1'],
      ['办结时间', '2026-12-05 19:23'],
      ['金额', '123.45元'],
      ['other', 'x'],
    ]);
  });
});
