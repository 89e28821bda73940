import { Card, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MonthlyFigures } from '../../src-main/contract';
import { api, subscribe } from '../api/client';
import { t } from '../i18n';
import { guarded } from './CaseResult';
import { useTerminal } from '../stores/terminal';

const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

/** The month's figures of this window for the branch manager (a short view of the 报表 page, F5, which it leads to). */
export function MonthlyFiguresCard({ onOpenReports }: { onOpenReports?: (() => void) | undefined }) {
  const [month, setMonth] = useState(thisMonth());
  const [f, setF] = useState<MonthlyFigures | null>(null);
  // The same mode label as the header's (the figures are kept apart for any mode but production).
  const session = useTerminal((s) => s.session);
  // The page stays mounted all day: the figures follow every case change, not only a change of month.
  useEffect(() => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return;
    const load = () => void guarded(async () => setF(await api.monthlyFigures({ month })));
    load();
    return subscribe('caseUpdated', load);
  }, [month]);
  return (
    <Card
      size="small"
      title={t('figures.title')}
      data-testid="monthly-figures"
      extra={
        <Space>
          {onOpenReports && (
            <Typography.Link onClick={onOpenReports} data-testid="figures-more">
              {t('reports.more')}
            </Typography.Link>
          )}
          <Input value={month} onChange={(e) => setMonth(e.target.value.trim())} style={{ width: 110 }} maxLength={7} />
        </Space>
      }
    >
      {f && (
        <>
          {f.training && session && session.mode !== 'production' && <Tag color="purple">{t(`status.mode.${session.mode}`)}</Tag>}
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t('figures.cases')}><span data-testid="figures-cases">{f.cases}</span></Descriptions.Item>
            <Descriptions.Item label={t('figures.accepted')}>{f.accepted}</Descriptions.Item>
            <Descriptions.Item label={t('figures.notified')}>{f.notified}</Descriptions.Item>
            <Descriptions.Item label={t('figures.withdrawn')}><span data-testid="figures-withdrawn">{f.withdrawn}</span></Descriptions.Item>
            <Descriptions.Item label={t('figures.immediate')}>{t('figures.countShare', { n: f.immediate, share: (f.immediateShare * 100).toFixed(1) })}</Descriptions.Item>
            <Descriptions.Item label={t('figures.onSpot')}>{f.completedOnSpot}</Descriptions.Item>
            <Descriptions.Item label={t('figures.errands')}>{`${f.errandCases} / ${f.errandBatches}`}</Descriptions.Item>
            <Descriptions.Item label={t('figures.byLine')}>{`${t('item.endpoint.si')} ${f.byLine.si} · ${t('item.endpoint.tax')} ${f.byLine.tax}`}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="itemCode"
            dataSource={f.byItem}
            pagination={{ pageSize: 5, hideOnSinglePage: true }}
            columns={[
              { title: t('case.item'), render: (_, r) => `${r.itemName}（${r.itemCode}）` },
              { title: t('figures.cases'), dataIndex: 'cases', width: 80 },
            ]}
          />
        </>
      )}
    </Card>
  );
}
