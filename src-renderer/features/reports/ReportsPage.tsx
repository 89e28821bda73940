import { Alert, Button, Card, Col, Descriptions, Input, Row, Segmented, Space, Table, Tag, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { CHART_NAMES, chartOption, type ChartLabels, type MergeResult, type ReportCounters, type ReportFigures, type ReportPeriod } from '../../../src-main/contract';
import { api } from '../../api/client';
import { downloadDocument } from '../../api/documents';
import { guarded } from '../../components/CaseResult';
import { t, useLocale, type MessageKey } from '../../i18n';
import { useTerminal } from '../../stores/terminal';
import { chinaToday, periodOf, type PeriodKind } from './period';
import { EChart } from '../../components/EChart';

const chartLabels = (): ChartLabels => ({
  cases: t('reports.cases'),
  immediate: t('reports.immediate'),
  commitment: t('reports.commitment'),
  onSpot: t('reports.onSpot'),
  immediateNotOnSpot: t('reports.immediateNotOnSpot'),
  pieLabel: t('reports.chart.pieLabel'),
  onTime: t('reports.onTime'),
  overdue: t('reports.overdue'),
  trendTitle: t('reports.chart.trend'),
  topItemsTitle: t('reports.chart.topItems'),
  immediateTitle: t('reports.chart.immediate'),
  overdueTitle: t('reports.chart.overdue'),
});

const COUNTER_COLUMNS: (keyof ReportCounters)[] = ['cases', 'accepted', 'deferred', 'refused', 'immediate', 'onSpot', 'commitment', 'decided', 'delivered', 'overdue'];
/** Made at each render: the titles follow a change of language. */
const counterColumns = () =>
  COUNTER_COLUMNS.map((k) => ({
    title: t(`reports.${k}` as MessageKey),
    dataIndex: k,
    align: 'right' as const,
    // A heading on one line: a narrow table scrolls sideways rather than stacking 结/果/已/送/达 one character a line.
    onHeaderCell: () => ({ className: 'nowrap' }),
  }));

function CountersTable<T extends ReportCounters>({ title, rows, rowKey, name, testId }: { title: string; rows: T[]; rowKey: keyof T & string; name: (r: T) => string; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId}>
      <Table
        size="small"
        rowKey={rowKey}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[{ title: t('reports.col.name'), width: 200, fixed: 'left' as const, render: (_: unknown, r: T) => name(r) }, ...counterColumns()]}
      />
    </Card>
  );
}

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });

/** 报表 (F5): this terminal's figures for a day / week / month / custom period, or several terminals' files merged. */
export function ReportsPage() {
  const [kind, setKind] = useState<PeriodKind>('month');
  const [anchor, setAnchor] = useState(chinaToday());
  const [custom, setCustom] = useState<ReportPeriod>(periodOf('month', chinaToday()));
  const period = kind === 'custom' ? custom : periodOf(kind, anchor);
  const [own, setOwn] = useState<ReportFigures | null>(null);
  const [merged, setMerged] = useState<{ files: { name: string; base64: string }[]; result: MergeResult } | null>(null);
  const f = merged?.result.figures ?? own;
  const mode = useTerminal((s) => s.session?.mode);

  useEffect(() => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to) && period.from <= period.to) {
      void guarded(async () => setOwn(await api.reportFigures({ period })));
    }
  }, [period.from, period.to]);

  const locale = useLocale();
  const options = useMemo(() => (f ? CHART_NAMES.map((name) => ({ name, option: chartOption(name, f, chartLabels()) })) : []), [f, locale]);

  const exportDoc = (format: 'pdf' | 'xlsx') =>
    guarded(async () => {
      if (merged) downloadDocument((await api.mergeFigures({ files: merged.files, format })).document!);
      else downloadDocument(await api.reportDocument({ period, format }));
    });
  const merge = (list: File[]) =>
    guarded(async () => {
      const files = await Promise.all(list.map(async (file) => ({ name: file.name, base64: await readBase64(file) })));
      setMerged({ files, result: (await api.mergeFigures({ files, format: null })).merge });
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="reports-page">
      <Card size="small">
        <Space wrap>
          <Segmented<PeriodKind>
            value={kind}
            onChange={setKind}
            disabled={!!merged}
            options={(['day', 'week', 'month', 'custom'] as const).map((k) => ({ value: k, label: <span data-testid={`report-period-${k}`}>{t(`reports.period.${k}`)}</span> }))}
          />
          {kind === 'custom' ? (
            <>
              <Input type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} data-testid="report-from" disabled={!!merged} />
              <Input type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} data-testid="report-to" disabled={!!merged} />
            </>
          ) : (
            <Input type="date" value={anchor} onChange={(e) => setAnchor(e.target.value)} data-testid="report-anchor" disabled={!!merged} />
          )}
          {f && <span data-testid="report-range">{t('reports.period.range', { from: f.period.from, to: f.period.to })}</span>}
          <Tag color={merged ? 'blue' : 'default'} data-testid="report-source">
            {merged ? t('reports.source.merged', { n: merged.result.figures.terminals.length }) : t('reports.source.own')}
          </Tag>
          {/* Not production figures: this terminal's own say its mode (开发模式 / 培训模式), as the status bar does. */}
          {f?.training && <Tag color="purple" data-testid="report-not-production">{!merged && mode && mode !== 'production' ? t(`status.mode.${mode}`) : t('reports.training')}</Tag>}
        </Space>
        <Space wrap style={{ marginTop: 8 }}>
          <Button onClick={() => void exportDoc('pdf')} data-testid="report-export-pdf">{t('reports.exportPdf')}</Button>
          <Button onClick={() => void exportDoc('xlsx')} data-testid="report-export-xlsx">{t('reports.exportXlsx')}</Button>
          {!merged && (
            <Button onClick={() => void guarded(async () => downloadDocument(await api.exportFiguresFile({ period })))} data-testid="report-export-figures">
              {t('reports.exportFigures')}
            </Button>
          )}
          <Upload
            multiple
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file, list) => {
              if (file === list.at(-1)) void merge(list as File[]);
              return false;
            }}
          >
            <Button data-testid="report-merge">{t('reports.merge')}</Button>
          </Upload>
          {merged && <Button onClick={() => setMerged(null)} data-testid="report-back">{t('reports.backToOwn')}</Button>}
        </Space>
        {merged?.result.refused.map((r) => (
          <Alert key={r.file} type="error" showIcon style={{ marginTop: 8 }} title={t('reports.mergeRefused', { file: r.file, reason: r.reason })} data-testid="report-merge-refused" />
        ))}
        {merged?.result.accepted
          .filter((a) => a.duplicateDays > 0)
          .map((a) => (
            <Alert key={a.file} type="info" showIcon style={{ marginTop: 8 }} title={t('reports.mergeDuplicate', { file: a.file, n: a.duplicateDays })} data-testid="report-merge-duplicate" />
          ))}
      </Card>
      {f && (
        <>
          <Card size="small">
            <Descriptions size="small" column={4}>
              {(['cases', 'accepted', 'deferred', 'refused', 'immediate', 'onSpot', 'withdrawn', 'overdue'] as const).map((k) => (
                <Descriptions.Item key={k} label={t(`reports.${k}`)}>
                  <span data-testid={`report-total-${k}`}>{f.totals[k]}</span>
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('reports.immediateShare')}>
                <span data-testid="report-total-immediateShare">{(f.totals.immediateShare * 100).toFixed(1)}%</span>
              </Descriptions.Item>
              <Descriptions.Item label={`${t('reports.errands')} · ${t('reports.handedOver')}`}>
                <span data-testid="report-errands-handedOver">{f.errands.handedOver}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('reports.received')}>
                <span data-testid="report-errands-received">{f.errands.received}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('reports.errandBatches')}>
                <span data-testid="report-errands-batches">{f.errands.batches}</span>
              </Descriptions.Item>
              <Descriptions.Item label={`${t('reports.handling')} · ${t('reports.median')}`}>
                <span data-testid="report-handling-median">{f.handling.medianS === null ? '—' : t('reports.seconds', { n: f.handling.medianS })}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('reports.p90')}>
                <span data-testid="report-handling-p90">{f.handling.p90S === null ? '—' : t('reports.seconds', { n: f.handling.p90S })}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('reports.handling')}>
                <span data-testid="report-handling-measured">{t('reports.measured', { n: f.handling.measured })}</span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('reports.ratings.title')} data-testid="report-ratings">
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={[
                { key: 'all', name: t('reports.ratings.all'), ...f.ratings },
                ...f.ratings.perItem.map((r) => ({ key: `i|${r.itemCode}`, name: `${r.itemName}（${r.itemCode}）`, ...r })),
                ...f.ratings.perTeller.map((r) => ({ key: `t|${r.tellerId}`, name: t('reports.ratings.teller', { id: r.tellerId }), ...r })),
              ]}
              columns={[
                { title: t('reports.col.name'), dataIndex: 'name' },
                { title: t('reports.ratings.total'), dataIndex: 'total' },
                { title: t('reports.ratings.rate'), render: (_, r) => (r.satisfactionRate === null ? '—' : `${(r.satisfactionRate * 100).toFixed(1)}%`) },
                { title: t('reports.ratings.bad'), render: (_, r) => r.bad.total },
                { title: t('reports.ratings.awaiting'), render: (_, r) => r.bad.awaitingFollowUp },
                { title: t('reports.ratings.followUp'), render: (_, r) => r.bad.followUp },
                { title: t('reports.ratings.rectified'), render: (_, r) => r.bad.rectified },
              ]}
            />
          </Card>
          <Row gutter={[12, 12]}>
            {options.map(({ name, option }) => (
              <Col span={12} key={name}>
                <Card size="small">
                  <EChart option={option} height={280} renderer="canvas" testId={`report-chart-${name}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            {/* The counters tables take the page's width: ten columns of figures stay readable without scrolling. */}
            <Col span={24}>
              <CountersTable title={t('reports.table.byMain')} rows={f.byMain} rowKey="mainCode" name={(r) => `${r.mainName}（${r.mainCode}）`} testId="report-table-byMain" />
            </Col>
            <Col span={24}>
              <CountersTable title={t('reports.table.byItem')} rows={f.byItem} rowKey="itemCode" name={(r) => `${r.itemName}（${r.itemCode}）`} testId="report-table-byItem" />
            </Col>
            <Col span={24}>
              <CountersTable title={t('reports.table.byWindow')} rows={f.byWindow} rowKey="window" name={(r) => [r.branchCode, t('status.window', { n: r.windowNo })].filter(Boolean).join(' ')} testId="report-table-byWindow" />
            </Col>
            <Col span={24}>
              <CountersTable title={t('reports.table.byTeller')} rows={f.byTeller} rowKey="tellerId" name={(r) => r.tellerId} testId="report-table-byTeller" />
            </Col>
            <Col span={24}>
              <CountersTable title={t('reports.table.byEndpoint')} rows={f.byEndpoint} rowKey="endpoint" name={(r) => t(`item.endpoint.${r.endpoint}`)} testId="report-table-byEndpoint" />
            </Col>
            {(['topRefused', 'topDeferred'] as const).map((k) => (
              <Col span={12} key={k}>
                <Card size="small" title={t(`reports.table.${k}`)} data-testid={`report-table-${k}`}>
                  <Table
                    size="small"
                    rowKey={(r) => `${r.itemCode}|${r.materialCode}`}
                    dataSource={f.outcomes[k]}
                    pagination={false}
                    columns={[
                      { title: t('reports.col.item'), dataIndex: 'itemCode' },
                      { title: t('reports.col.material'), render: (_, r) => `${r.materialName}（${r.materialCode}）` },
                      { title: t('reports.cases'), dataIndex: 'cases', align: 'right' },
                    ]}
                  />
                </Card>
              </Col>
            ))}
          </Row>
        </>
      )}
    </Space>
  );
}
