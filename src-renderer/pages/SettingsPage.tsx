import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, message } from 'antd';
import { useEffect, useState } from 'react';
import type { TerminalConfig } from '../../src-main/contract';
import { ApiError, api } from '../api/client';
import { t, tError, tIssue } from '../i18n';
import { recheckShownErrors } from '../components/form-recheck';

/** Branch IT's terminal settings; also the first-run screen when the terminal has no configuration file yet. */
export function SettingsPage({ firstRun = false, onSaved, onStarted }: { firstRun?: boolean; onSaved?: () => void; onStarted?: () => void }) {
  const [form] = Form.useForm<TerminalConfig>();
  const [config, setConfig] = useState<TerminalConfig | null>(null);
  const [configFile, setConfigFile] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [restart, setRestart] = useState<'automatic' | 'manual' | null>(null);

  useEffect(() => {
    void api.getTerminalSettings({}).then((s) => {
      setConfig(s.config);
      setConfigFile(s.configFile);
      form.setFieldsValue(s.config);
    });
  }, [form]);

  async function save() {
    if (!config) return;
    const values = form.getFieldsValue(true) as TerminalConfig;
    const blankToNull = (u: string | null | undefined) => (u && u.trim() ? u.trim() : null);
    const next: TerminalConfig = {
      ...config,
      ...values,
      endpoints: {
        si: { ...config.endpoints.si, ...values.endpoints.si, url: blankToNull(values.endpoints.si.url) },
        tax: { ...config.endpoints.tax, ...values.endpoints.tax, url: blankToNull(values.endpoints.tax.url) },
      },
      devices: config.devices,
      logging: { ...config.logging, ...values.logging },
      documentFont: values.documentFont?.file?.trim() ? { file: values.documentFont.file.trim(), ...(values.documentFont.family?.trim() ? { family: values.documentFont.family.trim() } : {}) } : undefined,
    };
    setSaving(true);
    try {
      const r = await api.saveTerminalSettings({ config: next });
      setRestart(r.restart);
      // What the last refused save said under its fields no longer holds.
      form.setFields(form.getFieldsError().filter((f) => f.errors.length > 0).map((f) => ({ name: f.name as never, errors: [] })));
      void message.success(t('settings.saved'));
      onSaved?.();
    } catch (err) {
      if (err instanceof ApiError) {
        void message.error(tError(err.error));
        form.setFields((err.error.issues ?? []).map((i) => ({ name: i.path.replace(/^config\./, '').split('.') as never, errors: [tIssue(i)] })));
      }
    } finally {
      setSaving(false);
    }
  }

  /** First run: one confirm saves the embedded defaults the terminal already runs on, and the terminal is usable. */
  async function startOnDefaults() {
    if (!config) return;
    setSaving(true);
    try {
      await api.saveTerminalSettings({ config });
      void message.success(t('settings.saved'));
      onStarted?.();
    } catch (err) {
      if (err instanceof ApiError) void message.error(tError(err.error));
    } finally {
      setSaving(false);
    }
  }

  if (!config) return null;
  // Once saved, the terminal has its configuration file: no longer a first run, it waits for its restart.
  const unconfigured = firstRun && !restart;
  const endpoint = (ep: 'si' | 'tax') => (
    <Card size="small" title={t(`status.line.${ep}`)} key={ep}>
      <Form.Item name={['endpoints', ep, 'url']} label={t('settings.url')} tooltip={t('settings.urlHint')}>
        <Input placeholder="https://…" data-testid={`settings-${ep}-url`} />
      </Form.Item>
      <Form.Item name={['endpoints', ep, 'clientCert']} label={t('settings.clientCert')}>
        <Input placeholder={String.raw`C:\OneWindow\certs\terminal.crt`} />
      </Form.Item>
      <Form.Item name={['endpoints', ep, 'clientKey']} label={t('settings.clientKey')}>
        <Input placeholder={String.raw`C:\OneWindow\certs\terminal.key`} />
      </Form.Item>
      <Form.Item name={['endpoints', ep, 'caCert']} label={t('settings.caCert')}>
        <Input placeholder={String.raw`C:\OneWindow\certs\bureau-ca.crt`} />
      </Form.Item>
      <Form.Item name={['endpoints', ep, 'timeoutMs']} label={t('settings.timeoutMs')}>
        <InputNumber min={1000} max={120000} step={1000} />
      </Form.Item>
    </Card>
  );
  return (
    <Card title={unconfigured ? t('settings.firstRunTitle') : t('settings.title')} data-testid="terminal-settings">
      {unconfigured && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('settings.firstRunHint', { file: configFile ?? '' })} />}
      {unconfigured && config.mode === 'development' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('settings.firstRunDefaultsHint')}
          action={
            <Button type="primary" loading={saving} disabled={!configFile} onClick={() => void startOnDefaults()} data-testid="first-run-use-defaults">
              {t('settings.firstRunUseDefaults')}
            </Button>
          }
        />
      )}
      {restart && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t(restart === 'automatic' ? 'settings.restartAutomatic' : 'settings.restartManual')} data-testid="settings-restart" />}
      <Form form={form} layout="vertical" onValuesChange={(changed) => recheckShownErrors(form, changed)}>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="mode" label={t('settings.mode')}>
              <Select options={(['production', 'training', 'development'] as const).map((m) => ({ value: m, label: t(`settings.mode.${m}`) }))} data-testid="settings-mode" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="terminalId" label={t('settings.terminalId')}>
              <Input data-testid="settings-terminalId" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="branchCode" label={t('settings.branchCode')}>
              <Input data-testid="settings-branchCode" />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item name="windowNo" label={t('settings.windowNo')}>
              <InputNumber min={1} max={99} data-testid="settings-windowNo" />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item name="tellerId" label={t('settings.tellerId')}>
              <Input data-testid="settings-tellerId" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>{endpoint('si')}</Col>
          <Col span={12}>{endpoint('tax')}</Col>
        </Row>
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col span={12}>
            <Form.Item name="guideBaseUrl" label={t('settings.guideBaseUrl')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="retentionDays" label={t('settings.retentionDays')}>
              <InputNumber min={30} max={3650} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name={['logging', 'level']} label={t('settings.logLevel')}>
              <Select options={(['debug', 'info', 'warn', 'error'] as const).map((l) => ({ value: l, label: t(`support.level.${l}`) }))} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name={['logging', 'retentionDays']} label={t('settings.logRetentionDays')}>
              <InputNumber min={1} max={365} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['documentFont', 'file']} label={t('settings.fontFile')} tooltip={t('settings.fontHint')}>
              <Input placeholder={String.raw`C:\Windows\Fonts\msyh.ttc`} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['documentFont', 'family']} label={t('settings.fontFamily')}>
              <Input placeholder="MicrosoftYaHei" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Button type="primary" size="large" loading={saving} disabled={!configFile} onClick={() => void save()} data-testid="settings-save">
        {t('settings.save')}
      </Button>
    </Card>
  );
}
