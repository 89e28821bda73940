import { Input, Modal, Typography, message } from 'antd';
import { useState } from 'react';
import { WITHDRAW_REASON_LENGTH, withdrawReasonSchema, type CaseView } from '../../src-main/contract';
import { api } from '../api/client';
import { t } from '../i18n';
import { guarded } from './CaseResult';

/**
 * 撤回: the citizen's reason is required (no default text is recorded for them); success is said and the withdrawn
 * case handed back at once, an error is said by `guarded` and the dialog stays open.
 */
export function WithdrawDialog({ c, onClose, onWithdrawn }: { c: CaseView; onClose: () => void; onWithdrawn: (view: CaseView) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const valid = withdrawReasonSchema.safeParse(reason).success;
  const submit = async () => {
    setBusy(true);
    await guarded(async () => {
      const view = await api.withdrawCase({ caseId: c.caseId, reason: reason.trim() });
      void message.success(t('counter.withdraw.done', { item: c.itemName }));
      onWithdrawn(view);
      onClose();
    });
    setBusy(false);
  };
  return (
    <Modal
      open
      title={t('common.labelValue', { label: t('case.withdraw'), value: c.itemName })}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ disabled: !valid, loading: busy, danger: true, 'data-testid': 'withdraw-confirm' }}
    >
      <Input.TextArea
        autoFocus
        rows={2}
        value={reason}
        maxLength={WITHDRAW_REASON_LENGTH.max}
        placeholder={t('case.withdrawReason')}
        onChange={(e) => setReason(e.target.value)}
        data-testid="withdraw-reason"
      />
      <Typography.Text type="secondary">{t('counter.withdraw.reasonHint', { min: WITHDRAW_REASON_LENGTH.min })}</Typography.Text>
    </Modal>
  );
}
