import { Button, Collapse, Descriptions, Space, Table, Tag, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import type { CatalogItem, Material } from '../../../src-main/contract/catalog';
import { t, type MessageKey } from '../../i18n';
import { feeLabel, kindLabel, limitLabel } from './format';

export interface GuideViewProps {
  item: CatalogItem;
  /** The main item's name, when known. */
  mainName?: string;
  /** Public guide URL (shown for citizens who want to read it at home). */
  guideUrl?: string;
  onPrintPdf?: () => void;
  onPrintThermal?: () => void;
}

/** Columns of the materials table; built at render time so they follow the language. */
function materialColumns(): TableColumnsType<Material> {
  return [
    { title: t('catalog.materials.no'), key: 'no', width: 60, render: (_: unknown, _m: Material, i: number) => i + 1 },
    { title: t('catalog.materials.name'), dataIndex: 'name', key: 'name', render: (name: string, m: Material) => (m.note ? <>{name}<br /><Typography.Text type="secondary">{m.note}</Typography.Text></> : name) },
    { title: t('catalog.materials.originals'), dataIndex: 'originals', key: 'originals', width: 70 },
    { title: t('catalog.materials.copies'), dataIndex: 'copies', key: 'copies', width: 80 },
    { title: t('catalog.materials.required'), dataIndex: 'required', key: 'required', width: 90, render: (r: boolean) => t(r ? 'catalog.materials.isRequired' : 'catalog.materials.isOptional') },
    {
      title: t('catalog.materials.deferrable'),
      dataIndex: 'deferrable',
      key: 'deferrable',
      width: 80,
      render: (d: boolean) => (d ? <Tag color="orange">{t('catalog.materials.isDeferrable')}</Tag> : t('catalog.materials.notDeferrable')),
    },
  ];
}

/** The whole guide of one item (GB/T 39046 fields) for the teller's screen. */
export function GuideView({ item, mainName, guideUrl, onPrintPdf, onPrintThermal }: GuideViewProps) {
  const g = item.guide;
  const rows: [MessageKey, string | undefined, number?][] = [
    ['catalog.guide.basicCode', g.basicCode],
    ['catalog.guide.implementationCode', g.implementationCode],
    ['catalog.guide.itemType', g.itemType],
    ['catalog.guide.serviceObject', g.serviceObject],
    ['catalog.guide.implementingBody', g.implementingBody, 2],
    ['catalog.guide.statutoryLimit', limitLabel(g.statutoryLimit)],
    ['catalog.guide.promisedLimit', limitLabel(g.promisedLimit)],
    ['catalog.guide.limitNote', g.limitNote, 2],
    ['catalog.guide.fee', feeLabel(g.fee), 2],
    ['catalog.guide.resultName', g.resultName, 2],
    ['catalog.guide.handlingWays', g.handlingWays.join(t('catalog.list.separator')), 2],
    ['catalog.guide.place', g.place, 2],
    ['catalog.guide.hours', g.hours, 2],
    ['catalog.guide.enquiryPhone', g.enquiryPhone],
    ['catalog.guide.complaintPhone', g.complaintPhone],
    ['catalog.guide.guideUrl', guideUrl, 2],
  ];
  const facts: DescriptionsProps['items'] = rows
    .filter((r): r is [MessageKey, string, number?] => Boolean(r[1]))
    .map(([key, children, span]) => ({ key, label: t(key), children, span: span ?? 1 }));
  return (
    <div data-testid="guide-view" data-item-code={item.code}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 12, marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{item.name}</Typography.Title>
        <Tag>{item.code}</Tag>
        <Tag color={item.kind === 'immediate' ? 'green' : 'blue'}>{kindLabel(item.kind)}</Tag>
        {mainName && <Typography.Text type="secondary">{mainName}</Typography.Text>}
        {(onPrintPdf || onPrintThermal) && (
          <Space style={{ marginLeft: 'auto' }}>
            {onPrintPdf && <Button onClick={onPrintPdf} data-testid="guide-print-pdf">{t('catalog.guide.printPdf')}</Button>}
            {onPrintThermal && <Button onClick={onPrintThermal} data-testid="guide-print-thermal">{t('catalog.guide.printThermal')}</Button>}
          </Space>
        )}
      </div>
      <Descriptions bordered size="small" column={2} items={facts} />

      <Typography.Title level={5}>{t('catalog.guide.legalBasis')}</Typography.Title>
      <ul>{g.legalBasis.map((s) => <li key={s}>{s}</li>)}</ul>
      <Typography.Title level={5}>{t('catalog.guide.conditions')}</Typography.Title>
      <ul>{g.conditions.map((s) => <li key={s}>{s}</li>)}</ul>
      <Typography.Title level={5}>{t('catalog.guide.materials')}</Typography.Title>
      <Table<Material> size="small" rowKey="code" pagination={false} columns={materialColumns()} dataSource={item.materials} data-testid="guide-materials" />
      <Typography.Title level={5}>{t('catalog.guide.procedure')}</Typography.Title>
      <ol>{g.procedure.map((s) => <li key={s}>{s}</li>)}</ol>
      {g.faq.length > 0 && (
        <>
          <Typography.Title level={5}>{t('catalog.guide.faq')}</Typography.Title>
          <Collapse size="small" items={g.faq.map((f, i) => ({ key: String(i), label: f.q, children: f.a }))} />
        </>
      )}
      {item.assumptions.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('catalog.guide.assumptions', { n: item.assumptions.length })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
