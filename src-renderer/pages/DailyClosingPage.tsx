import { Alert, Button, Card, Descriptions, Input, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { closingBlockerIssue, type DailyClosing } from '../../src-main/contract';
import { ApiError, api } from '../api/client';
import { downloadDocument } from '../api/documents';
import { guarded, statusText } from '../components/CaseResult';
import { EmptyState } from '../features/counter/EmptyState';
import { chinaDateTime, chinaToday } from '../features/counter/china-time';
import { t, tIssue } from '../i18n';

/** 日终汇总: the day's figures of this teller at this window, and the closing (an A4 sheet to sign). */
export function DailyClosingPage() {
  const [date, setDate] = useState(chinaToday());
  const [s, setS] = useState<DailyClosing | null>(null);
  const [refused, setRefused] = useState<string[]>([]);
  const load = useCallback(() => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) void guarded(async () => setS(await api.dailyClosing({ date })));
  }, [date]);
  useEffect(load, [load]);

  async function close() {
    setRefused([]);
    try {
      downloadDocument(await api.closeDay({ date }));
    } catch (err) {
      if (err instanceof ApiError && err.error.code === 'conflict') setRefused((err.error.issues ?? []).map(tIssue));
      else throw err;
    }
    load();
  }

  const blockers = refused.length > 0 ? refused : (s?.blockers.map((b) => tIssue(closingBlockerIssue(b)) + (b.caseNo ? ` ${b.caseNo}` : '')) ?? []);
  return (
    <Card
      size="small"
      data-testid="daily-closing"
      title={s ? t('counter.closing.title', { date: s.date, teller: s.tellerId, window: s.windowNo }) : t('counter.closing.nav')}
      extra={
        <Space>
          <Input value={date} onChange={(e) => setDate(e.target.value.trim())} maxLength={10} style={{ width: 120 }} data-testid="closing-date" />
          <Button onClick={load}>{t('counter.closing.refresh')}</Button>
          <Button type="primary" onClick={() => void guarded(close)} data-testid="close-day">
            {t('counter.closing.close')}
          </Button>
        </Space>
      }
    >
      {blockers.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="closing-blocked"
          title={t('counter.closing.blocked')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {blockers.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
        />
      )}
      {s?.closedAt && <Tag color="green" data-testid="closing-closed">{t('counter.closing.closedAt', { at: chinaDateTime(s.closedAt) })}</Tag>}
      {s && (
        <>
          <Descriptions size="small" column={4} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('counter.closing.total')}>
              <span data-testid="closing-total">{t('counter.closing.cases', { n: s.total })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('counter.closing.unsent')}>
              <span data-testid="closing-unsent">{t('counter.closing.cases', { n: s.unsent })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('counter.closing.toInform')}>
              <span data-testid="closing-to-inform">{t('counter.closing.cases', { n: s.toInform })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('counter.closing.errands')}>
              <span data-testid="closing-errands">{t('counter.closing.errandsValue', { cases: s.errandCases, batches: s.errandBatches })}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('counter.closing.reprints')}>
              <span data-testid="closing-reprints">{t('counter.closing.times', { n: s.reprints })}</span>
            </Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="status"
            dataSource={s.byOutcome}
            pagination={false}
            locale={{ emptyText: <EmptyState /> }}
            columns={[
              { title: t('case.status'), dataIndex: 'status', render: statusText },
              { title: t('counter.closing.total'), dataIndex: 'cases', width: 120 },
            ]}
            data-testid="closing-outcomes"
          />
        </>
      )}
    </Card>
  );
}
