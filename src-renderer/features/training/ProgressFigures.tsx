import type { EChartsOption } from 'echarts';
import { Card, Col, Empty, Row, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { MistakeKind, TrainingFigures } from '../../../src-main/contract';
import { api } from '../../api/client';
import { t, useLocale, type MessageKey } from '../../i18n';
import { EChart } from '../../components/EChart';

const KINDS: MistakeKind[] = ['item', 'applicant', 'form', 'material', 'outcome', 'feedback'];
/** The items shown in the chart of the hardest ones. */
const HARDEST = 10;

/** Cumulative sign-offs per teller on every day any teller had one (a step line per teller). */
function signedOffOption(f: TrainingFigures): EChartsOption {
  const dates = [...new Set(f.signedOffPerDay.map((d) => d.date))].sort();
  const tellers = [...new Set(f.signedOffPerDay.map((d) => d.tellerId))];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: dates },
    yAxis: { type: 'value', max: f.itemCount, minInterval: 1 },
    series: tellers.map((teller) => {
      let total = 0;
      return {
        name: teller,
        type: 'line',
        step: 'end',
        data: dates.map((date) => (total = f.signedOffPerDay.find((d) => d.tellerId === teller && d.date === date)?.total ?? total)),
      };
    }),
  };
}

/** The items with the most mistakes, stacked by kind, the hardest at the top. */
function hardestOption(f: TrainingFigures): EChartsOption {
  const items = f.mistakesPerItem.filter((m) => m.mistakes > 0).slice(0, HARDEST).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 72, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: items.map((m) => m.itemCode) },
    series: KINDS.map((kind) => ({
      name: t(`figures.kind.${kind}` as MessageKey),
      type: 'bar',
      stack: 'mistakes',
      data: items.map((m) => m.byKind[kind] ?? 0),
    })),
  };
}

/** 培训进度: sign-offs over time and the hardest items as charts, with each teller's figures in a table beside them. */
export function ProgressFigures({ version }: { version: number }) {
  const [figures, setFigures] = useState<TrainingFigures | null>(null);
  useEffect(() => void api.trainingFigures({}).then(setFigures), [version]);
  const locale = useLocale(); // the charts' titles and series follow a change of language
  const signedOff = useMemo(() => (figures ? signedOffOption(figures) : null), [figures, locale]);
  const hardest = useMemo(() => (figures ? hardestOption(figures) : null), [figures, locale]);
  if (!figures || figures.tellers.length === 0) {
    return (
      <Card size="small" title={t('figures.progressTitle')} data-testid="training-figures">
        <Empty description={t('figures.empty')} />
      </Card>
    );
  }
  return (
    <Card size="small" title={t('figures.progressTitle')} data-testid="training-figures">
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" type="inner" title={t('figures.signedOff')}>
            <EChart option={signedOff!} height={220} testId="figures-signed-chart" />
          </Card>
        </Col>
        <Col span={10}>
          <Table
            size="small"
            rowKey="tellerId"
            pagination={false}
            dataSource={figures.tellers}
            data-testid="figures-tellers"
            columns={[
              { title: t('figures.teller'), dataIndex: 'tellerId' },
              { title: t('figures.firstActivity'), dataIndex: 'firstActivity' },
              { title: t('figures.signedOffShare'), render: (_, r) => `${r.signedOff}/${figures.itemCount} (${Math.round(r.share * 100)}%)` },
              { title: t('figures.days'), render: (_, r) => t(r.completedOn ? 'figures.days.done' : 'figures.days.sofar', { n: r.days }) },
            ]}
          />
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={14}>
          <Card size="small" type="inner" title={t('figures.hardest')}>
            <EChart option={hardest!} height={260} testId="figures-hardest-chart" />
          </Card>
        </Col>
        <Col span={10}>
          <Table
            size="small"
            rowKey="itemCode"
            pagination={{ pageSize: 8 }}
            dataSource={figures.mistakesPerItem}
            data-testid="figures-items"
            columns={[
              { title: t('practice.matrix.item'), dataIndex: 'itemCode' },
              { title: t('figures.runs'), dataIndex: 'runs' },
              { title: t('figures.mistakes'), dataIndex: 'mistakes' },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}
