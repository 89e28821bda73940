import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { calls } from '../../../src-main/contract';

const applicant = {
  applicantId: uuidv7(),
  cardType: 'resident',
  name: '王芳',
  idMasked: '110105********002X',
  genderText: '女',
  ethnicityText: '汉',
  birthDate: '1949-12-31',
  validTo: null,
  fromCard: true,
};
const draft = (a: unknown) => ({
  draft: { caseId: uuidv7(), applicant: a, itemCode: 'SI-04-01', form: {}, materials: [], feedback: { channel: 'sms', phone: '', address: '' }, reviewNotes: '' },
});

describe('a saved draft', () => {
  it("takes the applicant view as it is, and refuses a field the view does not have instead of dropping it", () => {
    expect(calls.saveDraft.input.safeParse(draft(applicant)).success).toBe(true);
    expect(calls.saveDraft.input.safeParse(draft(null)).success).toBe(true);
    const refused = calls.saveDraft.input.safeParse(draft({ ...applicant, idNumber: '11010519491231002X' }));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['draft', 'applicant']);
  });
});
