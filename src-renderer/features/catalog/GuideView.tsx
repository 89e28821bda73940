import { Button, Collapse, Descriptions, Space, Table, Tag, Typography, type DescriptionsProps } from 'antd';
import type { CatalogItem, Material } from '../../../src-main/contract/catalog';
import { describeFee, describeLimit, KIND_LABEL } from '../../../src-main/contract/catalog';

export interface GuideViewProps {
  item: CatalogItem;
  /** The main item's name, when known. */
  mainName?: string;
  /** Public guide URL (shown for citizens who want to read it at home). */
  guideUrl?: string;
  onPrintPdf?: () => void;
  onPrintThermal?: () => void;
}

const materialColumns = [
  { title: '序号', key: 'no', width: 60, render: (_: unknown, _m: Material, i: number) => i + 1 },
  { title: '材料名称', dataIndex: 'name', key: 'name', render: (name: string, m: Material) => (m.note ? <>{name}<br /><Typography.Text type="secondary">{m.note}</Typography.Text></> : name) },
  { title: '原件', dataIndex: 'originals', key: 'originals', width: 70 },
  { title: '复印件', dataIndex: 'copies', key: 'copies', width: 80 },
  { title: '是否必需', dataIndex: 'required', key: 'required', width: 90, render: (r: boolean) => (r ? '必需' : '非必需') },
  { title: '可容缺', dataIndex: 'deferrable', key: 'deferrable', width: 80, render: (d: boolean) => (d ? <Tag color="orange">可容缺</Tag> : '否') },
];

/** The whole guide of one item (GB/T 39046 fields) for the teller's screen. */
export function GuideView({ item, mainName, guideUrl, onPrintPdf, onPrintThermal }: GuideViewProps) {
  const g = item.guide;
  const fee = g.fee.basis === describeFee(g.fee.amountFen) ? g.fee.basis : `${describeFee(g.fee.amountFen)}（${g.fee.basis}）`;
  const rows: [string, string | undefined, number?][] = [
    ['基本编码', g.basicCode],
    ['实施编码', g.implementationCode],
    ['事项类型', g.itemType],
    ['服务对象', g.serviceObject],
    ['实施主体', g.implementingBody, 2],
    ['法定办结时限', describeLimit(g.statutoryLimit)],
    ['承诺办结时限', describeLimit(g.promisedLimit)],
    ['时限说明', g.limitNote, 2],
    ['收费', fee, 2],
    ['办理结果', g.resultName, 2],
    ['办理方式', g.handlingWays.join('；'), 2],
    ['办理地点', g.place, 2],
    ['办理时间', g.hours, 2],
    ['咨询电话', g.enquiryPhone],
    ['监督投诉电话', g.complaintPhone],
    ['在线指南', guideUrl, 2],
  ];
  const facts: DescriptionsProps['items'] = rows
    .filter((r): r is [string, string, number?] => Boolean(r[1]))
    .map(([label, children, span]) => ({ key: label, label, children, span: span ?? 1 }));
  return (
    <div data-testid="guide-view" data-item-code={item.code}>
      <Space align="baseline" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{item.name}</Typography.Title>
        <Tag>{item.code}</Tag>
        <Tag color={item.kind === 'immediate' ? 'green' : 'blue'}>{KIND_LABEL[item.kind]}</Tag>
        {mainName && <Typography.Text type="secondary">{mainName}</Typography.Text>}
      </Space>
      {(onPrintPdf || onPrintThermal) && (
        <Space style={{ marginBottom: 12 }}>
          {onPrintPdf && <Button onClick={onPrintPdf} data-testid="guide-print-pdf">打印办事指南（A4）</Button>}
          {onPrintThermal && <Button onClick={onPrintThermal} data-testid="guide-print-thermal">打印简版指南（小票）</Button>}
        </Space>
      )}
      <Descriptions bordered size="small" column={2} items={facts} />

      <Typography.Title level={5}>设定依据</Typography.Title>
      <ul>{g.legalBasis.map((t) => <li key={t}>{t}</li>)}</ul>
      <Typography.Title level={5}>受理条件</Typography.Title>
      <ul>{g.conditions.map((t) => <li key={t}>{t}</li>)}</ul>
      <Typography.Title level={5}>申请材料</Typography.Title>
      <Table<Material> size="small" rowKey="code" pagination={false} columns={materialColumns} dataSource={item.materials} data-testid="guide-materials" />
      <Typography.Title level={5}>办理流程</Typography.Title>
      <ol>{g.procedure.map((t) => <li key={t}>{t}</li>)}</ol>
      {g.faq.length > 0 && (
        <>
          <Typography.Title level={5}>常见问题</Typography.Title>
          <Collapse size="small" items={g.faq.map((f, i) => ({ key: String(i), label: f.q, children: f.a }))} />
        </>
      )}
      {item.assumptions.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          部分内容为待区级公布目录确认的预置值（{item.assumptions.length}项），以经办机构最终公布为准。
        </Typography.Paragraph>
      )}
    </div>
  );
}
