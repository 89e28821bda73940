import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Tag, message } from 'antd';
import { usePractice } from '../features/training';
import { useEffect, useMemo, useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import {
  fieldLabel,
  validateFormValues,
  type CatalogItem,
  type FormField,
  type FormValues,
  type SubmitCaseInput,
} from '../../src-main/contract';
import { ApiError, api } from '../api/client';
import { t, tError, tIssue, type MessageKey } from '../i18n';
import { useHotkey } from '../hooks/useHotkey';
import { SignatureCapture } from '../features/devices';
import { allReceived as allReceivedState, MaterialsChecklist, materialInputs, type MaterialState } from './MaterialsChecklist';
import { useTerminal } from '../stores/terminal';
import { amountLabel, limitLabel } from '../features/catalog';
import { CaseActionBar, focusField, idCardMaterials, moveOnEnter } from '../features/counter/intake-keys';
import { recheckShownErrors } from './form-recheck';

type Channel = SubmitCaseInput['feedback']['channel'];
const CHANNELS: readonly Channel[] = ['sms', 'phone', 'courier', 'bank_card', 'pickup'];

/** '123.45' (yuan) → 12345 (fen) without floating point; null when not a valid amount. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** One form control; Form.Item injects `value` and `onChange`, which must reach the input. */
function FieldInput({ field, ...control }: { field: FormField; value?: unknown; onChange?: (v: unknown) => void }) {
  const common = { ...control, 'data-testid': `field-${field.key}` } as Record<string, unknown>;
  switch (field.type) {
    case 'enum':
      return <Select {...common} options={field.options} showSearch={{ optionFilterProp: 'label' }} />;
    case 'textarea':
      return <Input.TextArea {...common} rows={2} maxLength={field.maxLength} />;
    case 'date':
      return <Input {...common} placeholder={t('form.placeholder.date')} maxLength={10} />;
    case 'month':
      return <Input {...common} placeholder={t('form.placeholder.month')} maxLength={7} />;
    case 'amountFen':
      return <Input {...common} addonAfter={t('form.unit.yuan')} placeholder="0.00" />;
    default:
      return <Input {...common} autoComplete="off" />;
  }
}

/** Converts what the antd form holds into the contract's form values (amounts in integer fen). */
function toFormValues(fields: readonly FormField[], raw: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const v = raw[f.key];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'amountFen') values[f.key] = yuanToFen(String(v)) ?? Number.NaN;
    else if (f.type === 'integer') values[f.key] = Number(v);
    else values[f.key] = String(v).trim();
  }
  return values;
}

/**
 * A field's own check as the teller leaves it (on blur): a value typed wrong is said at once, by the same check the core
 * runs. An empty required field is said on confirming (F9), not while the teller tabs through the form.
 */
function fieldRule(f: FormField) {
  return {
    validator: (_: unknown, v: unknown) => {
      const problem = validateFormValues([{ ...f, required: false }], toFormValues([f], { [f.key]: v }))[0];
      return problem ? Promise.reject(new Error(tIssue(problem))) : Promise.resolve();
    },
  };
}

export function IntakeForm({ item }: { item: CatalogItem }) {
  const applicant = useTerminal((s) => s.applicant);
  const status = useTerminal((s) => s.status);
  const accepted = useTerminal((s) => s.accepted);
  const nextCitizen = useTerminal((s) => s.nextCitizen);
  const queueNo = useTerminal((s) => s.queueNo);
  const [form] = Form.useForm();
  const [materials, setMaterials] = useState<MaterialState>({});
  const [channel, setChannel] = useState<Channel>('sms');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [notes, setNotes] = useState('');
  const [signature, setSignature] = useState<SubmitCaseInput['signature'] | null>(null);
  const [signing, setSigning] = useState(false);
  const [saving, setSaving] = useState(false);
  const restored = useTerminal((s) => s.restored);
  // One case id per intake: a retried confirm can never create a second case (a restored draft keeps its id).
  const caseId = useMemo(() => (restored?.itemCode === item.code ? restored.caseId : uuidv7()), [item.code, applicant?.applicantId, restored]);

  useEffect(() => {
    form.resetFields();
    // The ID card just read is the identity document the item asks for: ticked as received.
    setMaterials(idCardMaterials(item.materials, useTerminal.getState().applicant));
    if (restored && restored.itemCode === item.code) {
      form.setFieldsValue(Object.fromEntries(Object.entries(restored.form).map(([k, v]) => [k, item.form.find((f) => f.key === k)?.type === 'amountFen' && typeof v === 'number' ? (v / 100).toFixed(2) : v])));
      setMaterials(Object.fromEntries(restored.materials.map((m) => [m.code, { received: m.received, deferred: m.deferred }])));
      setChannel(restored.feedback.channel);
      setPhone(restored.feedback.phone);
      setAddress(restored.feedback.address);
      setNotes(restored.reviewNotes);
    }
    // The teller types at once: the cursor goes to the first empty field of the item just picked.
    const empty = item.form.find((f) => {
      const v: unknown = form.getFieldValue(f.key);
      return v === undefined || v === null || v === '';
    });
    focusField(empty?.key ?? item.form[0]?.key);
  }, [item.code, form, restored, item.form, item.materials]);

  // A card read while the form is open (the citizen came back to the counter) ticks the ID card too.
  useEffect(() => {
    if (applicant?.fromCard) setMaterials((m) => ({ ...idCardMaterials(item.materials, applicant), ...m }));
  }, [applicant, item.materials]);

  // Saved as the teller types: a restart (or a crash) loses nothing typed.
  const draftTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  function saveDraftSoon() {
    if (draftTimer.current) clearTimeout(draftTimer.current);
    draftTimer.current = setTimeout(() => {
      const values = toFormValues(item.form, form.getFieldsValue(true) as Record<string, unknown>);
      const formValues = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) as SubmitCaseInput['form'];
      void api.saveDraft({
        draft: { caseId, applicant, itemCode: item.code, form: formValues, materials: materialInputs(item.materials, materials), feedback: { channel, phone, address }, reviewNotes: notes, ...(queueNo ? { queueNo } : {}) },
      });
    }, 400);
  }
  useEffect(saveDraftSoon, [materials, channel, phone, address, notes, queueNo]);
  // A save still pending when the case is confirmed (or the form goes) would bring the draft back after 下一位.
  const cancelDraftSave = () => {
    if (draftTimer.current) clearTimeout(draftTimer.current);
    draftTimer.current = null;
  };
  useEffect(() => cancelDraftSave, []);

  // The form's own answers fill the feedback section, so the teller never types a mobile number or picks a channel
  // twice; a phone number the teller typed there is kept.
  const copiedPhone = useRef('');
  function followForm(changed: Record<string, unknown>) {
    recheckShownErrors(form, changed);
    for (const f of item.form) {
      const v = changed[f.key];
      if (typeof v !== 'string') continue;
      if (f.key === 'feedbackChannel' && CHANNELS.includes(v as Channel)) setChannel(v as Channel);
      else if (f.type === 'mobile' && (phone === '' || phone === copiedPhone.current)) {
        copiedPhone.current = v.trim();
        setPhone(v.trim());
      }
    }
    saveDraftSoon();
  }

  const ownFeedback = item.form.some((f) => f.key === 'feedbackChannel');
  const lineState = status?.lines[item.endpoint].line;
  const lineDown = lineState === 'down' || lineState === 'paused';
  const lineDegraded = lineState === 'degraded';

  function allReceived() {
    setMaterials(allReceivedState(item.materials));
  }

  async function submit() {
    if (!applicant) {
      void message.warning(t('error.applicantNotFound'));
      return;
    }
    const raw = form.getFieldsValue(true) as Record<string, unknown>;
    const values = toFormValues(item.form, raw);
    const problems = validateFormValues(item.form, values);
    form.setFields(item.form.map((f) => ({ name: f.key, errors: problems.filter((p) => p.field === f.key).map(tIssue) })));
    if (problems.length > 0) {
      focusField(problems[0]!.field);
      return;
    }
    const input: SubmitCaseInput = {
      caseId,
      applicantId: applicant.applicantId,
      itemCode: item.code,
      form: values as SubmitCaseInput['form'],
      materials: materialInputs(item.materials, materials),
      feedback: { channel, ...(phone ? { phone } : {}), ...(address ? { address } : {}) },
      ...(notes.trim() ? { reviewNotes: notes.trim() } : {}),
      ...(signature ? { signature } : {}),
      ...(usePractice.getState().cosign ? { cosign: usePractice.getState().cosign! } : {}),
      ...(queueNo.trim() ? { queueNo: queueNo.trim() } : {}),
    };
    setSaving(true);
    cancelDraftSave();
    try {
      accepted(await api.submitCase(input));
    } catch (err) {
      saveDraftSoon();
      if (err instanceof ApiError) {
        void message.error(tError(err.error));
        for (const issue of err.error.issues ?? []) {
          const key = issue.path.replace(/^form\./, '');
          if (item.form.some((f) => f.key === key)) form.setFields([{ name: key, errors: [tIssue(issue)] }]);
        }
      }
    } finally {
      setSaving(false);
    }
  }
  useHotkey('F9', () => void submit(), !saving);
  useHotkey('F8', allReceived);

  return (
    <Card
      size="small"
      data-testid="intake-form"
      title={
        <Space>
          {item.name}
          <Tag>{item.code}</Tag>
          <Tag color={item.kind === 'immediate' ? 'green' : 'blue'}>{t(`item.kind.${item.kind}` as MessageKey)}</Tag>
          <span style={{ fontWeight: 'normal', color: '#666' }}>
            {t('common.labelValue', { label: t('item.promised'), value: limitLabel(item.guide.promisedLimit) })} · {t('common.labelValue', { label: t('item.fee'), value: amountLabel(item.guide.fee.amountFen) })}
          </span>
        </Space>
      }
    >
      {lineDown && item.kind === 'immediate' && (
        <Alert type="warning" showIcon data-testid="line-down-warning" style={{ marginBottom: 12 }}
          title={t('form.lineDownWarning', { line: t(`status.line.${item.endpoint}` as MessageKey) })} />
      )}
      {lineDegraded && item.kind === 'immediate' && (
        <Alert type="warning" showIcon data-testid="line-degraded-warning" style={{ marginBottom: 12 }}
          title={t('counter.lineDegradedWarning', { line: t(`status.line.${item.endpoint}` as MessageKey) })} />
      )}
      {/* Enter moves to the next field; on the last it confirms (F9 confirms from anywhere). */}
      <Form form={form} layout="vertical" size="small" onValuesChange={followForm}
        onKeyDown={(e) => moveOnEnter(e, item.form.map((f) => f.key), () => void submit())}>
        <Row gutter={12}>
          {item.form.map((f) => (
            <Col span={f.type === 'textarea' ? 24 : 8} key={f.key}>
              <Form.Item name={f.key} label={fieldLabel(f)} required={f.required} tooltip={f.hint} rules={[fieldRule(f)]} validateTrigger="onBlur">
                <FieldInput field={f} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
      <MaterialsChecklist materials={item.materials} value={materials} onChange={setMaterials} />
      <Row gutter={12} style={{ marginTop: 12 }}>
        {/* An item whose form asks how to tell the result (结果反馈方式 and its mobile) is not asked twice: the channel and
            the phone follow the form (followForm); only a courier's address is asked here. */}
        {!ownFeedback && (
          <>
            <Col span={6}>
              <div>{t('form.feedback')}</div>
              <Select<Channel>
                value={channel}
                onChange={setChannel}
                style={{ width: '100%' }}
                data-testid="feedback-channel"
                options={CHANNELS.map((c) => ({ value: c, label: t(`form.feedback.${c}` as MessageKey) }))}
              />
            </Col>
            <Col span={6}>
              <div>{t('form.feedback.phoneLabel')}</div>
              <Input value={phone} onChange={(e) => setPhone(e.target.value.trim())} maxLength={11} data-testid="feedback-phone" autoComplete="off" />
            </Col>
          </>
        )}
        {channel === 'courier' && (
          <Col span={12}>
            <div>{t('form.feedback.address')}</div>
            <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} data-testid="feedback-address" />
          </Col>
        )}
      </Row>
      <div style={{ marginTop: 12 }}>
        <div>{t('form.reviewNotes')}</div>
        <Input.TextArea rows={2} maxLength={1000} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid="review-notes" />
      </div>
      <div style={{ marginTop: 12 }}>
        {signing ? (
          <SignatureCapture
            onDone={(r, source) => {
              setSignature({ pngBase64: r.pngBase64, source });
              setSigning(false);
            }}
          />
        ) : (
          <Button onClick={() => setSigning(true)} data-testid="sign">
            {signature ? `${t('form.signature')} ✓ ${t('form.signatureDone')}` : t('form.signature')}
          </Button>
        )}
      </div>
      <CaseActionBar>
        <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="submit-case">
          {saving ? t('form.submitting') : `${t('form.submit')} (F9)`}
        </Button>
        <Button onClick={allReceived} data-testid="bar-all-received">
          {t('form.material.allReceived')} (F8)
        </Button>
        <Button onClick={nextCitizen} data-testid="next-citizen">
          {t('applicant.clear')}
        </Button>
      </CaseActionBar>
    </Card>
  );
}
