import { Button, Card, Descriptions, Form, Input, Modal, Select, Space, Tag, message, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { manualIdProblem } from '../../src-main/contract';
import { ApiError, api } from '../api/client';
import { t, tError, type MessageKey } from '../i18n';
import { useHotkey } from '../hooks/useHotkey';
import { useTerminal } from '../stores/terminal';
import { EmptyState } from '../features/counter/EmptyState';

const MANUAL_ID_TYPES = ['resident', 'hkmo_tw', 'foreign', 'other'] as const;
type ManualIdType = (typeof MANUAL_ID_TYPES)[number];

/** 手工录入: the document type, its number (checked for that type) and the name; Enter in either field confirms. */
function ManualEntry({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ idType: ManualIdType; idNumber: string; name: string }>();
  const setApplicant = useTerminal((s) => s.setApplicant);
  const idNumber = useRef<InputRef>(null);
  async function submit() {
    // Refused: the form says what is wrong under its fields; nothing more to do.
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      setApplicant(await api.enterApplicant({ idType: values.idType, idNumber: values.idNumber.trim().toUpperCase(), name: values.name.trim() }));
      form.resetFields();
      onClose();
    } catch (err) {
      if (err instanceof ApiError) void message.error(tError(err.error));
    }
  }
  return (
    <Modal open={open} title={t('applicant.manualTitle')} onOk={() => void submit()} onCancel={onClose} okText={t('applicant.manualSubmit')} destroyOnHidden
      // The next step is the item search, which takes the focus once the applicant is in: not back to 手工录入.
      focusTriggerAfterClose={false}
      // The dialog takes the focus as it opens (its close button): the cursor goes to the number to be typed.
      afterOpenChange={(opened) => opened && idNumber.current?.focus()}
      okButtonProps={{ 'data-testid': 'manual-ok' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ idType: 'resident' }} onFinish={() => void submit()}>
        <Form.Item name="idType" label={t('counter.manual.idType')} required>
          <Select<ManualIdType>
            data-testid="manual-id-type"
            options={MANUAL_ID_TYPES.map((v) => ({ value: v, label: t(`counter.manual.idType.${v}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('applicant.idNumber')}
          required
          dependencies={['idType']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) => {
                const p = manualIdProblem(getFieldValue('idType') as ManualIdType, (v ?? '').trim());
                return p === null ? Promise.resolve() : Promise.reject(new Error(t(p)));
              },
            }),
          ]}
        >
          <Input ref={idNumber} maxLength={30} data-testid="manual-id" autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('applicant.name')} rules={[{ required: true, whitespace: true, message: t('counter.manual.nameRequired') }]}>
          <Input maxLength={60} data-testid="manual-name" autoComplete="off" />
        </Form.Item>
        {/* Enter in a field submits the form (implicit submission needs a submit button). */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}

/** 排队号: typed, or scanned from the ticket (a scanner types it and presses Enter, which goes on to the item search). */
function QueueNoInput() {
  const queueNo = useTerminal((s) => s.queueNo);
  const setQueueNo = useTerminal((s) => s.setQueueNo);
  return (
    <Input
      size="small"
      value={queueNo}
      onChange={(e) => setQueueNo(e.target.value.replace(/[^A-Za-z0-9-]/g, '').slice(0, 16))}
      onPressEnter={() => document.querySelector<HTMLInputElement>('[data-testid="item-search"] input')?.focus()}
      placeholder={t('counter.queueNoHint')}
      prefix={<span style={{ color: '#888' }}>{t('counter.queueNo')}</span>}
      data-testid="queue-no"
      autoComplete="off"
      style={{ marginBottom: 8 }}
    />
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
      if (err instanceof ApiError) void message.error({ content: tError(err.error), key: err.error.messageKey });
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
      className="applicant-panel"
      extra={
        <Space>
          <Button size="small" type="primary" loading={reading} onClick={() => void readCard()} data-testid="read-card">
            {t('applicant.readCard')} (F2)
          </Button>
          {canEmulate && (
            <Button
              size="small"
              onClick={() => void api.placeEmulatedCard({ sample: 'residentLongwan' }).then(readCard)}
              data-testid="emulator-place-card"
            >
              {t('applicant.emulatorPlace')}
            </Button>
          )}
          <Button size="small" onClick={() => setManual(true)} data-testid="manual-entry">
            {t('applicant.manual')}
          </Button>
        </Space>
      }
    >
      <QueueNoInput />
      {applicant ? (
        <Descriptions column={1} size="small">
          {applicant.photo && (
            <Descriptions.Item label={t('counter.applicant.photo')}>
              <img src={applicant.photo} alt={t('counter.applicant.photo')} className="applicant-photo" data-testid="applicant-photo" />
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('applicant.name')}>
            <span data-testid="applicant-name">{applicant.name}</span>{' '}
            <Tag>{t(applicant.cardType === 'other' ? 'counter.applicant.cardType.other' : (`applicant.cardType.${applicant.cardType}` as MessageKey))}</Tag>
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
          {applicant.issuer && (
            <Descriptions.Item label={t('counter.applicant.issuer')}>
              <span data-testid="applicant-issuer">{applicant.issuer}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <EmptyState text={t('applicant.placeCard')} />
      )}
      <ManualEntry open={manual} onClose={() => setManual(false)} />
    </Card>
  );
}
