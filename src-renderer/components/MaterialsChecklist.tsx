import { Button, Checkbox, Space, Table, Tag } from 'antd';
import type { Material } from '../../src-main/contract';
import { t } from '../i18n';

export type MaterialState = Record<string, { received: boolean; deferred: boolean }>;

/** The item's materials with received / deferred (容缺) marks; F8 or the button marks all received. */
export function MaterialsChecklist({ materials, value, onChange }: { materials: Material[]; value: MaterialState; onChange: (next: MaterialState) => void }) {
  const set = (code: string, next: { received: boolean; deferred: boolean }) => onChange({ ...value, [code]: next });
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="code"
      dataSource={materials}
      title={() => (
        <Space>
          {t('form.materials')}
          <Button size="small" onClick={() => onChange(allReceived(materials))} data-testid="all-received">
            {t('form.material.allReceived')} (F8)
          </Button>
        </Space>
      )}
      columns={[
        { title: t('form.materials'), dataIndex: 'name', render: (name: string, m) => <>{name} {m.required && <Tag color="red">{t('form.material.required')}</Tag>}</> },
        { title: `${t('catalog.materials.originals')}/${t('catalog.materials.copies')}`, render: (_, m) => `${m.originals}/${m.copies}`, width: 110 },
        {
          title: t('form.material.received'),
          width: 80,
          render: (_, m) => (
            <Checkbox data-testid={`material-${m.code}-received`} checked={value[m.code]?.received ?? false} onChange={(e) => set(m.code, { received: e.target.checked, deferred: false })} />
          ),
        },
        {
          title: t('form.material.deferred'),
          width: 80,
          render: (_, m) =>
            m.deferrable ? (
              <Checkbox data-testid={`material-${m.code}-deferred`} checked={value[m.code]?.deferred ?? false} onChange={(e) => set(m.code, { received: false, deferred: e.target.checked })} />
            ) : null,
        },
      ]}
    />
  );
}

export function allReceived(materials: Material[]): MaterialState {
  return Object.fromEntries(materials.map((m) => [m.code, { received: true, deferred: false }]));
}

/** The contract's material input for every material of the item. */
export function materialInputs(materials: Material[], state: MaterialState) {
  return materials.map((m) => ({
    code: m.code,
    received: state[m.code]?.received ?? false,
    deferred: state[m.code]?.deferred ?? false,
    original: state[m.code]?.received ? m.originals : 0,
    copies: state[m.code]?.received ? m.copies : 0,
  }));
}
