import { describe, expect, it } from 'vitest';
import { isResultStatus, RESULT_STATUSES, resultMessage, SMS_SEGMENT_CHARS } from '../../../src-main/core/documents/result-notice';
import { catalog, FULL_ID } from './samples';

const chars = (s: string): number => [...s].length;
const CASE_NO = 'SB20261128000017';

describe('result message (SMS / phone)', () => {
  it('completed: case number and result number; with a pickup place the place wins over the number to stay in one segment', () => {
    const base = { itemName: '社会保障卡遗失补办', caseNo: CASE_NO, status: 'completed', result: { certificateNo: 'SBZM20261128000009' } } as const;
    const plain = resultMessage(base);
    expect(plain).toBe('您申请的“社会保障卡遗失补办”（受理编号SB20261128000017）已办结，证明编号SBZM20261128000009。');
    const pickup = resultMessage({ ...base, pickupPlace: '永中支行' });
    expect(pickup).toBe('您申请的“社会保障卡遗失补办”（受理编号SB20261128000017）已办结。请携带本人身份证件到永中支行领取。');
    for (const t of [plain, pickup]) expect(chars(t)).toBeLessThanOrEqual(SMS_SEGMENT_CHARS);
  });

  it('says what each status means', () => {
    const expected: Record<string, string> = {
      received: '已由经办机构接收',
      in_review: '正在审核中',
      needs_materials: '需补充材料',
      approved: '已审核通过',
      rejected: '未予通过',
      completed: '已办结',
      withdrawn: '已撤回',
    };
    for (const status of RESULT_STATUSES) {
      const text = resultMessage({ itemName: '失业保险金申领', caseNo: CASE_NO, status, result: null });
      expect(text, status).toContain(expected[status]);
      expect(text).toContain(CASE_NO);
    }
  });

  it('fits every catalog item in one segment for every status (the detail goes first, then the name is abbreviated)', () => {
    for (const item of catalog.items) {
      for (const status of RESULT_STATUSES) {
        const text = resultMessage({ itemName: item.name, caseNo: CASE_NO, status, result: { amountFen: 123456 } });
        expect(chars(text), text).toBeLessThanOrEqual(SMS_SEGMENT_CHARS);
        expect(text).toContain(CASE_NO);
      }
    }
    const long = resultMessage({ itemName: '异地就医未直接结算住院医疗费用手工报销（含门诊慢特病费用）', caseNo: CASE_NO, status: 'needs_materials' });
    expect(long).toContain('异地就医');
    expect(long).toContain('…');
    expect(chars(long)).toBeLessThanOrEqual(SMS_SEGMENT_CHARS);
  });

  it('keeps the amount when there is room, and never carries an ID or card number from the result', () => {
    expect(resultMessage({ itemName: '生育津贴', caseNo: CASE_NO, status: 'completed', result: { amountFen: 1234567 } })).toContain('金额12345.67元');
    const text = resultMessage({ itemName: '生育津贴', caseNo: CASE_NO, status: 'completed', result: { registrationNo: FULL_ID, cardNo: '6228480012345678901' } });
    expect(text).not.toContain(FULL_ID);
    expect(text).not.toMatch(/\d{15,}/);
  });

  it('recognises the contract statuses only', () => {
    expect(isResultStatus('completed')).toBe(true);
    expect(isResultStatus('notified')).toBe(false);
  });
});
