import { Alert, AutoComplete, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Spin, Tag, Typography, message } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CallIssue, DeviceConfig, DeviceDetail, DeviceStatus } from '../../../src-main/contract';
import { ApiError, api } from '../../api/client';
import { t, tDevice, tError, tIssue, useLocale, type MessageKey } from '../../i18n';
import { deviceStateLabel } from './state-label';

type DeviceKind = DeviceStatus['kind'];
type SerialPortInfo = Awaited<ReturnType<typeof api.listSerialPorts>>[number];
/** A device test's answer (the device's own detail), or the text of a call that failed. */
type TestResult = { ok: boolean; detail: DeviceDetail } | { ok: false; text: string };

export interface DeviceSettingsProps {
  /** Live device statuses (from the status store), shown next to each device. */
  statuses?: readonly DeviceStatus[];
  /** Called after the settings were saved and applied. */
  onSaved?: (config: DeviceConfig) => void;
}

const BAUD_RATES = [9600, 19200, 38400, 57600, 115200];
const USB_ID_RE = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/;
/** Wacom STU models and their USB ids (vendor 056a). */
const PAD_MODELS = [
  { label: 'STU-430', usbId: '056a:00a4' },
  { label: 'STU-530', usbId: '056a:00a5' },
  { label: 'STU-540', usbId: '056a:00a8' },
];

const STATE_COLOR: Record<DeviceStatus['state'], string> = { ready: 'green', busy: 'blue', fault: 'red', disconnected: 'orange', absent: 'default' };

/** Branch IT's screen: transport and port per device, a 「测试」 per device, save (applied live by the core). */
export function DeviceSettings({ statuses, onSaved }: DeviceSettingsProps) {
  useLocale();
  const [saved, setSaved] = useState<DeviceConfig | null>(null);
  const [draft, setDraft] = useState<DeviceConfig | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ports, setPorts] = useState<SerialPortInfo[]>([]);
  const [portsLoading, setPortsLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<CallIssue[]>([]);
  const [testing, setTesting] = useState<DeviceKind | null>(null);
  const [results, setResults] = useState<Partial<Record<DeviceKind, TestResult>>>({});

  const refreshPorts = useCallback(async () => {
    setPortsLoading(true);
    try {
      setPorts(await api.listSerialPorts({}));
    } catch {
      setPorts([]);
    } finally {
      setPortsLoading(false);
    }
  }, []);

  useEffect(() => {
    api
      .getDeviceSettings({})
      .then((c) => {
        setSaved(c);
        setDraft(c);
      })
      .catch((err: unknown) => setLoadError(err instanceof ApiError ? tError(err.error) : t('devices.loadFailed')));
    void refreshPorts();
  }, [refreshPorts]);

  const dirty = useMemo(() => JSON.stringify(saved) !== JSON.stringify(draft), [saved, draft]);

  if (loadError) return <Alert type="error" showIcon title={t('devices.loadFailed')} description={loadError} />;
  if (!draft) return <Spin description={t('devices.loading')} />;

  const set = <K extends keyof DeviceConfig>(kind: K, patch: Partial<DeviceConfig[K]>): void => {
    setDraft((d) => (d ? { ...d, [kind]: { ...d[kind], ...patch } } : d));
    setIssues((list) => list.filter((i) => !i.path.startsWith(`${kind}.`)));
  };
  const issueOf = (path: string): string | undefined => {
    const issue = issues.find((i) => i.path === path);
    return issue && tIssue(issue);
  };
  const itemStatus = (path: string): { validateStatus?: 'error'; help?: string } => {
    const m = issueOf(path);
    return m ? { validateStatus: 'error', help: m } : {};
  };

  async function save(): Promise<void> {
    if (!draft) return;
    setSaving(true);
    setIssues([]);
    try {
      await api.saveDeviceSettings(draft);
      setSaved(draft);
      setResults({});
      void message.success(t('devices.saved'));
      onSaved?.(draft);
    } catch (err) {
      if (err instanceof ApiError && err.error.issues?.length) setIssues(err.error.issues);
      void message.error(err instanceof ApiError ? tError(err.error) : t('devices.saveFailed'));
    } finally {
      setSaving(false);
    }
  }

  async function test(kind: DeviceKind): Promise<void> {
    setTesting(kind);
    try {
      const r = await api.testDevice({ kind });
      setResults((m) => ({ ...m, [kind]: r }));
    } catch (err) {
      const text = tError(err instanceof ApiError ? err.error : undefined);
      setResults((m) => ({ ...m, [kind]: { ok: false, text } }));
    } finally {
      setTesting(null);
    }
  }

  const portOptions = ports.map((p) => ({
    value: p.path,
    label: [p.path, p.manufacturer, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : null].filter(Boolean).join(' · '),
  }));

  const portField = (kind: 'idCard' | 'printer', value: string | undefined): ReactNode => (
    <Form.Item label={t('devices.port')} required {...itemStatus(`${kind}.path`)}>
      <Space.Compact style={{ width: '100%' }}>
        <AutoComplete
          value={value ?? ''}
          options={portOptions}
          onChange={(v: string) => set(kind, { path: v || undefined })}
          placeholder={t('devices.port.placeholder')}
          notFoundContent={t('devices.port.none')}
          style={{ flex: 1 }}
          data-testid={`${kind}-port`}
        />
        <Button onClick={() => void refreshPorts()} loading={portsLoading}>
          {t('devices.port.refresh')}
        </Button>
      </Space.Compact>
    </Form.Item>
  );

  const baudField = (kind: 'idCard' | 'printer', value: number): ReactNode => (
    <Form.Item label={t('devices.baudRate')}>
      <Select value={value} onChange={(v: number) => set(kind, { baudRate: v })} options={BAUD_RATES.map((b) => ({ value: b, label: String(b) }))} style={{ width: 160 }} />
    </Form.Item>
  );

  const transportRadio = <K extends keyof DeviceConfig>(kind: K, value: DeviceConfig[K]['transport'], choices: DeviceConfig[K]['transport'][]): ReactNode => (
    <Form.Item label={t('devices.transport')}>
      <Radio.Group
        value={value}
        onChange={(e) => set(kind, { transport: e.target.value } as Partial<DeviceConfig[K]>)}
        options={choices.map((c) => ({ value: c, label: t(`devices.transport.${c}` as MessageKey) }))}
        data-testid={`${kind}-transport`}
      />
    </Form.Item>
  );

  const card = (kind: DeviceKind, title: MessageKey, body: ReactNode): ReactNode => {
    const status = statuses?.find((s) => s.kind === kind);
    const result = results[kind];
    return (
      <Card
        key={kind}
        title={t(title)}
        extra={
          <Space>
            {status && (
              <Tag color={STATE_COLOR[status.state]} title={status.detail ? tDevice(status.detail) : undefined}>
                {deviceStateLabel(t('devices.status'), status)}
              </Tag>
            )}
            <Button onClick={() => void test(kind)} loading={testing === kind} disabled={testing !== null && testing !== kind} data-testid={`${kind}-test`}>
              {t('devices.test')}
            </Button>
          </Space>
        }
      >
        <Form layout="vertical">{body}</Form>
        {result && (
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            title={result.ok ? t('devices.testOk') : t('devices.testFailed')}
            description={'detail' in result ? tDevice(result.detail) : result.text}
            data-testid={`${kind}-test-result`}
          />
        )}
      </Card>
    );
  };

  const { idCard, printer, signaturePad } = draft;
  const usbIdStatus = (path: string, v: string | undefined) =>
    v && !USB_ID_RE.test(v) ? { validateStatus: 'error' as const, help: t('devices.usbId.invalid') } : itemStatus(path);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="device-settings">
      <Typography.Title level={4}>{t('devices.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('devices.hint')}</Typography.Text>

      {card(
        'idCard',
        'devices.idCard',
        <>
          {transportRadio('idCard', idCard.transport, ['serial', 'usb', 'emulated'])}
          {idCard.transport === 'serial' && (
            <>
              {portField('idCard', idCard.path)}
              {baudField('idCard', idCard.baudRate)}
            </>
          )}
          {idCard.transport === 'usb' && (
            <Form.Item label={t('devices.usbId')} {...usbIdStatus('idCard.usbId', idCard.usbId)}>
              <Input value={idCard.usbId ?? ''} placeholder="0400:c35a" onChange={(e) => set('idCard', { usbId: e.target.value || undefined })} style={{ width: 200 }} />
            </Form.Item>
          )}
        </>,
      )}

      {card(
        'printer',
        'devices.printer',
        <>
          {transportRadio('printer', printer.transport, ['serial', 'tcp', 'file', 'spooler', 'emulated'])}
          {printer.transport === 'serial' && (
            <>
              {portField('printer', printer.path)}
              {baudField('printer', printer.baudRate)}
            </>
          )}
          {printer.transport === 'tcp' && (
            <Space>
              <Form.Item label={t('devices.host')} required {...itemStatus('printer.host')}>
                <Input value={printer.host ?? ''} placeholder="192.168.1.50" onChange={(e) => set('printer', { host: e.target.value || undefined })} style={{ width: 240 }} data-testid="printer-host" />
              </Form.Item>
              <Form.Item label={t('devices.tcpPort')}>
                <InputNumber min={1} max={65535} value={printer.port ?? 9100} onChange={(v) => set('printer', { port: v ?? undefined })} />
              </Form.Item>
            </Space>
          )}
          {printer.transport === 'file' && (
            <Form.Item label={t('devices.filePath')} required {...itemStatus('printer.path')}>
              <Input value={printer.path ?? ''} placeholder={t('devices.filePath.placeholder')} onChange={(e) => set('printer', { path: e.target.value || undefined })} style={{ width: 320 }} />
            </Form.Item>
          )}
          {printer.transport === 'spooler' && (
            <Form.Item label={t('devices.printerName')} required {...itemStatus('printer.printerName')}>
              <Input
                value={printer.printerName ?? ''}
                placeholder={t('devices.printerName.placeholder')}
                onChange={(e) => set('printer', { printerName: e.target.value || undefined })}
                style={{ width: 360 }}
                data-testid="printer-name"
              />
            </Form.Item>
          )}
          <Form.Item label={t('devices.paperWidth')}>
            <Radio.Group
              value={printer.paperWidthMm}
              onChange={(e) => set('printer', { paperWidthMm: e.target.value as 58 | 80 })}
              options={[
                { value: 58, label: t('devices.paper58') },
                { value: 80, label: t('devices.paper80') },
              ]}
            />
          </Form.Item>
        </>,
      )}

      {card(
        'signaturePad',
        'devices.signaturePad',
        <>
          {transportRadio('signaturePad', signaturePad.transport, ['screen', 'hid'])}
          {signaturePad.transport === 'hid' && (
            <Form.Item label={t('devices.padModel')}>
              <Select
                value={signaturePad.usbId ?? '056a:00a5'}
                onChange={(v: string) => set('signaturePad', { usbId: v })}
                options={PAD_MODELS.map((m) => ({ value: m.usbId, label: `${m.label}（${m.usbId}）` }))}
                style={{ width: 240 }}
              />
            </Form.Item>
          )}
        </>,
      )}

      <Space>
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="devices-save">
          {t('devices.save')}
        </Button>
        <Button onClick={() => { setDraft(saved); setIssues([]); }} disabled={!dirty || saving}>
          {t('devices.reset')}
        </Button>
      </Space>
    </Space>
  );
}
