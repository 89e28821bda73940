import { Button, Card, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { mayCall, type logLineSchema, type queueItemSchema } from '../../src-main/contract';
import { api } from '../api/client';
import { downloadDocument } from '../api/documents';
import { guarded } from '../components/CaseResult';
import { RefusalReasons } from '../components/RefusalReasons';
import { t, type MessageKey } from '../i18n';
import { chinaDateTime, chinaSeconds } from '../features/counter/china-time';
import { useTerminal } from '../stores/terminal';
import { EmptyState } from '../features/counter/EmptyState';

type QueueItem = z.infer<typeof queueItemSchema>;
type LogLine = z.infer<typeof logLineSchema>;
type Level = 'debug' | 'info' | 'warn' | 'error';
/** Chinese names of log levels and queue states; an unknown one is shown as it is. */
const levelText = (l: string): string => (l in LEVEL_COLOR ? t(`support.level.${l}` as MessageKey) : l);
const stateText = (s: string): string => (['pending', 'attention', 'defect'].includes(s) ? t(`support.state.${s}` as MessageKey) : s);
const LEVEL_COLOR: Record<string, string> = { trace: 'default', debug: 'default', info: 'blue', warn: 'orange', error: 'red', fatal: 'red' };

/** last_error is JSON {code, message, reasons?}: shown as "code: message" (the reasons have their own column). */
function errorSummary(lastError: string | null): string {
  if (!lastError) return '';
  try {
    const e = JSON.parse(lastError) as { code?: string; message?: string };
    return [e.code, e.message].filter(Boolean).join(': ');
  } catch {
    return lastError;
  }
}

/** The operator view: what has not reached the bureau yet, and why; retry now; a signed export as a last resort. */
function QueueView() {
  const status = useTerminal((s) => s.status);
  const caller = useTerminal((s) => s.caller);
  const [items, setItems] = useState<QueueItem[]>([]);
  const refresh = useCallback(() => void api.syncQueue({}).then((q) => setItems(q.items)), []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 3000);
    return () => clearInterval(timer);
  }, [refresh]);
  return (
    <Card
      size="small"
      title={t('support.queue')}
      data-testid="support-queue"
      extra={
        <Space>
          {status && (['si', 'tax'] as const).map((ep) => <Tag key={ep}>{t('support.unsentOf', { line: t(`status.line.${ep}`), n: status.lines[ep].unsent })}</Tag>)}
          {mayCall('retrySync', caller) && (
            <Button size="small" onClick={() => void guarded(async () => { await api.retrySync({}); refresh(); })}>{t('support.retryAll')}</Button>
          )}
          {mayCall('exportUnsent', caller) && (
            <Button size="small" onClick={() => void guarded(async () => downloadDocument(await api.exportUnsent({})))} data-testid="export-unsent">{t('support.export')}</Button>
          )}
        </Space>
      }
    >
      <Table<QueueItem>
        size="small"
        rowKey={(i) => `${i.caseId}:${i.rev}:${i.endpoint}`}
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyState text={t('support.queueEmpty')} /> }}
        columns={[
          { title: t('support.endpoint'), dataIndex: 'endpoint', width: 90, render: (ep: 'si' | 'tax') => t(`status.line.${ep}`) },
          { title: t('case.item'), dataIndex: 'itemCode', width: 100 },
          { title: t('support.revision'), dataIndex: 'rev', width: 50 },
          { title: t('case.sync'), dataIndex: 'state', width: 90, render: (s: string) => <Tag color={s === 'pending' ? 'gold' : 'red'}>{stateText(s)}</Tag> },
          { title: t('support.attempts'), dataIndex: 'attempts', width: 70 },
          { title: t('support.since'), dataIndex: 'createdAt', width: 150, render: (v: string) => <span className="nowrap">{chinaDateTime(v)}</span> },
          { title: t('support.lastError'), dataIndex: 'lastError', render: (e: string | null) => errorSummary(e) },
          { title: t('case.refused.reasons'), render: (_, i) => <RefusalReasons reasons={i.reasons} id={`${i.caseId}:${i.rev}`} /> },
          ...(mayCall('retrySync', caller)
            ? [{ title: '', width: 100, render: (_: unknown, i: QueueItem) => <Button size="small" onClick={() => void guarded(async () => { await api.retrySync({ caseId: i.caseId }); refresh(); })}>{t('case.retry')}</Button> }]
            : []),
        ]}
      />
    </Card>
  );
}

/** The log viewer for support: filter by level, component, case id and time, follow live. */
function LogView() {
  const [level, setLevel] = useState<Level>('info');
  const [since, setSince] = useState('2h');
  const [component, setComponent] = useState('');
  const [caseId, setCaseId] = useState('');
  const [follow, setFollow] = useState(false);
  const [lines, setLines] = useState<LogLine[]>([]);
  const load = useCallback(
    () =>
      void guarded(async () =>
        setLines(await api.readLogs({ since, level, limit: 500, ...(component ? { component } : {}), ...(caseId ? { caseId } : {}) })),
      ),
    [since, level, component, caseId],
  );
  useEffect(() => {
    load();
    if (!follow) return;
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [load, follow]);
  return (
    <Card size="small" title={t('support.logs')} data-testid="support-logs">
      <Space wrap style={{ marginBottom: 8 }}>
        <Select<Level> value={level} onChange={setLevel} style={{ width: 100 }} options={(['debug', 'info', 'warn', 'error'] as const).map((l) => ({ value: l, label: levelText(l) }))} data-testid="log-level-filter" />
        <Select value={since} onChange={setSince} style={{ width: 120 }} options={(['30m', '2h', '24h', '7d'] as const).map((v) => ({ value: v, label: t(`support.since.${v}`) }))} />
        <Input placeholder={t('support.component')} value={component} onChange={(e) => setComponent(e.target.value.trim())} style={{ width: 160 }} />
        <Input placeholder={t('support.caseId')} value={caseId} onChange={(e) => setCaseId(e.target.value.trim())} style={{ width: 300 }} />
        <span>{t('support.follow')}</span>
        <Switch checked={follow} onChange={setFollow} />
        <Button onClick={load}>{t('support.refresh')}</Button>
        <Button onClick={() => void guarded(async () => downloadDocument(await api.diagnosticsBundle({})))} data-testid="diagnostics">{t('support.diagnostics')}</Button>
        <Select
          placeholder={t('support.setLevel')}
          style={{ width: 150 }}
          onChange={(l: Level) => void guarded(async () => { await api.setLogLevel({ level: l }); load(); })}
          options={(['debug', 'info', 'warn', 'error'] as const).map((l) => ({ value: l, label: t('common.labelValue', { label: t('support.setLevel'), value: levelText(l) }) }))}
          data-testid="set-log-level"
        />
      </Space>
      <Table<LogLine>
        size="small"
        rowKey={(l, i) => `${l.time}-${i}`}
        dataSource={lines}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('case.time'), dataIndex: 'time', width: 130, render: (v: string) => <span className="nowrap">{chinaSeconds(v)}</span> },
          { title: t('support.level'), dataIndex: 'level', width: 70, render: (l: string) => <Tag color={LEVEL_COLOR[l]}>{levelText(l)}</Tag> },
          { title: t('support.component'), dataIndex: 'component', width: 150 },
          { title: t('support.message'), render: (_, l) => <>{l.msg} <span style={{ color: '#888', fontSize: 12 }}>{l.detail}</span></> },
          { title: t('support.caseId'), dataIndex: 'caseId', width: 120, render: (c: string | null) => c?.slice(0, 8) ?? '' },
        ]}
      />
    </Card>
  );
}

/** The queue for support and branch IT; the logs, diagnostics and log level for support only (the role table's say). */
export function SupportPage() {
  const caller = useTerminal((s) => s.caller);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <QueueView />
      {mayCall('readLogs', caller) && <LogView />}
    </Space>
  );
}
