import { Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Tag, message } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { idNumberProblem } from '../../src-main/contract';
import { ApiError, api } from '../api/client';
import { t, tError, type MessageKey } from '../i18n';
import { useHotkey } from '../hooks/useHotkey';
import { useTerminal } from '../stores/terminal';

function ManualEntry({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ idNumber: string; name: string }>();
  const setApplicant = useTerminal((s) => s.setApplicant);
  async function submit() {
    const values = await form.validateFields();
    try {
      setApplicant(await api.enterApplicant({ idNumber: values.idNumber.trim().toUpperCase(), name: values.name.trim() }));
      form.resetFields();
      onClose();
    } catch (err) {
      if (err instanceof ApiError) void message.error(tError(err.error.messageKey, err.error.message));
    }
  }
  return (
    <Modal open={open} title={t('applicant.manualTitle')} onOk={submit} onCancel={onClose} okText={t('applicant.manualSubmit')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="idNumber"
          label={t('applicant.idNumber')}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const p = idNumberProblem((v ?? '').trim());
                if (p === null) return Promise.resolve();
                return Promise.reject(new Error(p === 'check_digit' ? '校验位不正确，请核对' : p === 'birth_date' ? '出生日期无效' : '应为18位，最后一位可为X'));
              },
            },
          ]}
        >
          <Input autoFocus maxLength={18} data-testid="manual-id" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('applicant.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={60} data-testid="manual-name" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ApplicantPanel() {
  const applicant = useTerminal((s) => s.applicant);
  const setApplicant = useTerminal((s) => s.setApplicant);
  const [manual, setManual] = useState(false);
  const [reading, setReading] = useState(false);
  const session = useTerminal((s) => s.session);
  const emulatedReader = useTerminal((s) => s.status?.devices.some((d) => d.kind === 'idCard' && d.emulated) ?? false);
  const canEmulate = emulatedReader && session?.mode !== 'production';

  async function readCard() {
    setReading(true);
    try {
      const read = await api.readCard({});
      if (read) setApplicant(read);
      else void message.warning(t('error.noCard'));
    } catch (err) {
      // keyed, so a refused card's message and the one its status change brings show once
      if (err instanceof ApiError) void message.error({ content: tError(err.error.messageKey, err.error.message), key: err.error.messageKey });
    } finally {
      setReading(false);
    }
  }
  useHotkey('F2', () => void readCard());
  // A card the reader refused by itself (placed while polling): the status counts it, the teller gets the message.
  const rejectedReads = useTerminal((s) => s.status?.devices.find((d) => d.kind === 'idCard')?.rejectedReads ?? 0);
  const seenRejected = useRef<number | null>(null);
  useEffect(() => {
    if (seenRejected.current !== null && rejectedReads > seenRejected.current) void message.error({ content: t('error.cardInvalid'), key: 'error.cardInvalid' });
    seenRejected.current = rejectedReads;
  }, [rejectedReads]);

  return (
    <Card
      title={t('applicant.title')}
      size="small"
      data-testid="applicant-panel"
      extra={
        <Space>
          <Button size="small" type="primary" loading={reading} onClick={() => void readCard()} data-testid="read-card">
            {t('applicant.readCard')} (F2)
          </Button>
          {canEmulate && (
            <Button size="small" onClick={() => void api.placeEmulatedCard({ sample: 'residentLongwan' })} data-testid="emulator-place-card">
              {t('applicant.emulatorPlace')}
            </Button>
          )}
          <Button size="small" onClick={() => setManual(true)} data-testid="manual-entry">
            {t('applicant.manual')}
          </Button>
        </Space>
      }
    >
      {applicant ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('applicant.name')}>
            <span data-testid="applicant-name">{applicant.name}</span>{' '}
            <Tag>{t(`applicant.cardType.${applicant.cardType}` as MessageKey)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('applicant.idNumber')}>
            <span data-testid="applicant-id">{applicant.idMasked}</span>
          </Descriptions.Item>
          {applicant.genderText && <Descriptions.Item label={t('applicant.gender')}>{applicant.genderText}</Descriptions.Item>}
          {applicant.ethnicityText && <Descriptions.Item label={t('applicant.ethnicity')}>{applicant.ethnicityText}</Descriptions.Item>}
          {applicant.birthDate && <Descriptions.Item label={t('applicant.birthDate')}>{applicant.birthDate}</Descriptions.Item>}
          {applicant.fromCard && (
            <Descriptions.Item label={t('applicant.validTo')}>{applicant.validTo ?? t('applicant.longTerm')}</Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Empty description={t('applicant.placeCard')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
      <ManualEntry open={manual} onClose={() => setManual(false)} />
    </Card>
  );
}
