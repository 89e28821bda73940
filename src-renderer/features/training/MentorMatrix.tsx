import { Button, Card, Empty, Select, Space, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { untouchedProgress, type ItemProgressView, type MatrixFilter } from '../../../src-main/contract';
import { api } from '../../api/client';
import { downloadDocument } from '../../api/documents';
import { t, type MessageKey } from '../../i18n';
import { StageTag } from './StageTag';

type Stage = ItemProgressView['stage'];
const STAGES: Stage[] = ['new', 'studied', 'practised', 'signed_off'];
/** What the matrix shows first: the items someone has started (119 untouched rows help no one). */
const STARTED: Stage[] = ['studied', 'practised', 'signed_off'];

interface MatrixItem {
  itemCode: string;
  itemName: string;
  mainCode: string;
  mainName: string;
}

/** The matrix's rows: every item of the catalog (which anyone signed in may read), as the printed matrix lists them. */
async function matrixItems(): Promise<MatrixItem[]> {
  const tree = await api.catalogTree({});
  return tree.flatMap((m) => m.items.map((i) => ({ itemCode: i.code, itemName: i.name, mainCode: m.code, mainName: m.name })));
}

/** A multiple choice filter; nothing chosen means no filter. */
function MultiFilter<T extends string>(p: { testId: string; placeholder: MessageKey; value: T[] | undefined; onChange: (v: T[]) => void; options: { value: T; label: string }[] }) {
  return <Select mode="multiple" allowClear style={{ minWidth: 200 }} placeholder={t(p.placeholder)} data-testid={p.testId} value={p.value ?? []} onChange={p.onChange} options={p.options} />;
}

/**
 * 导师考核表: items down, tellers across, filtered by teller, stage and main item; the same filter prints the A4 PDF
 * and exports the workbook (the core makes both).
 */
export function MentorMatrix({ version }: { version: number }) {
  const [rows, setRows] = useState<ItemProgressView[]>([]);
  const [items, setItems] = useState<MatrixItem[]>([]);
  const [filter, setFilter] = useState<MatrixFilter>({ stages: STARTED });
  useEffect(() => void api.trainingMatrix({}).then(setRows), [version]);
  useEffect(() => void matrixItems().then(setItems), [version]);

  const cells = useMemo(() => new Map(rows.map((r) => [`${r.tellerId}\n${r.itemCode}`, r])), [rows]);
  const allTellers = useMemo(() => [...new Set(rows.map((r) => r.tellerId))].sort(), [rows]);
  const tellers = filter.tellerIds?.length ? filter.tellerIds : allTellers;
  const mains = useMemo(() => [...new Map(items.map((i) => [i.mainCode, i.mainName])).entries()], [items]);
  const cell = (teller: string, code: string) => cells.get(`${teller}\n${code}`) ?? untouchedProgress(teller, code);
  const shown = items.filter(
    (i) => (!filter.mainCode || i.mainCode === filter.mainCode) && (!filter.stages?.length || tellers.some((teller) => filter.stages!.includes(cell(teller, i.itemCode).stage))),
  );
  const set = (patch: Partial<MatrixFilter>) => setFilter((f) => Object.fromEntries(Object.entries({ ...f, ...patch }).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))));

  return (
    <Card
      size="small"
      title={t('practice.matrix')}
      data-testid="training-matrix"
      extra={
        <Space>
          <Button size="small" data-testid="matrix-pdf" disabled={allTellers.length === 0} onClick={() => void api.trainingMatrixPdf(filter).then(downloadDocument)}>
            {t('practice.matrix.pdf')}
          </Button>
          <Button size="small" data-testid="matrix-xlsx" disabled={allTellers.length === 0} onClick={() => void api.trainingMatrixXlsx(filter).then(downloadDocument)}>
            {t('practice.matrix.xlsx')}
          </Button>
        </Space>
      }
    >
      {rows.length === 0 ? (
        <Empty description={t('practice.matrix.empty')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <MultiFilter testId="matrix-filter-tellers" placeholder="practice.matrix.filter.tellers" value={filter.tellerIds} onChange={(v) => set({ tellerIds: v })} options={allTellers.map((v) => ({ value: v, label: v }))} />
            <MultiFilter testId="matrix-filter-stages" placeholder="practice.matrix.filter.stages" value={filter.stages} onChange={(v) => set({ stages: v })} options={STAGES.map((s) => ({ value: s, label: t(`practice.stage.${s}` as MessageKey) }))} />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 240 }}
              placeholder={t('practice.matrix.filter.main')}
              data-testid="matrix-filter-main"
              value={filter.mainCode ?? null}
              onChange={(v: string | null) => set({ mainCode: v ?? undefined })}
              options={mains.map(([code, name]) => ({ value: code, label: `${code} ${name}` }))}
            />
          </Space>
          <Table
            size="small"
            rowKey="itemCode"
            dataSource={shown}
            pagination={{ pageSize: 10 }}
            scroll={{ x: true }}
            locale={{ emptyText: t('practice.matrix.noRows') }}
            columns={[
              { title: t('practice.matrix.code'), dataIndex: 'itemCode', fixed: 'left', width: 96 },
              { title: t('practice.matrix.item'), dataIndex: 'itemName', width: 220 },
              ...tellers.map((teller) => ({ title: teller, key: teller, render: (_: unknown, i: MatrixItem) => <StageTag p={cell(teller, i.itemCode)} dated /> })),
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
