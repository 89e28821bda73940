import { Button, Card, Input, List, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { CaseView, ErrandBatchView } from '../../src-main/contract';
import { api, subscribe } from '../api/client';
import { downloadDocument } from '../api/documents';
import { guarded } from '../components/CaseResult';
import { t, type MessageKey } from '../i18n';
import { EmptyState } from '../features/counter/EmptyState';

const STATE_COLOR: Record<ErrandBatchView['state'], string> = { pending: 'gold', sent: 'blue', attention: 'red', received: 'green' };

/** 代跑腿: the day's non-immediate cases go to the back office as one handover batch with a printed manifest. */
export function ErrandsPage() {
  const [candidates, setCandidates] = useState<CaseView[]>([]);
  const [batches, setBatches] = useState<ErrandBatchView[]>([]);
  const [courier, setCourier] = useState('');
  const refresh = useCallback(() => {
    void api.errandCandidates({}).then(setCandidates);
    void api.listErrandBatches({}).then(setBatches);
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 3000);
    const off = subscribe('caseUpdated', refresh);
    return () => {
      clearInterval(timer);
      off();
    };
  }, [refresh]);

  const create = () =>
    guarded(async () => {
      const made = await api.createErrandBatch({ courier: courier.trim() });
      for (const b of made) downloadDocument(await api.manifestPdf({ batchId: b.batchId, copy: false }));
      refresh();
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('errands.title')} data-testid="errand-candidates">
        <Table<CaseView>
          size="small"
          rowKey="caseId"
          dataSource={candidates}
          pagination={false}
          locale={{ emptyText: <EmptyState text={t('errands.none')} /> }}
          columns={[
            { title: t('case.caseNo'), dataIndex: 'caseNo' },
            { title: t('case.item'), dataIndex: 'itemName' },
            { title: t('case.applicant'), render: (_, c) => c.applicantNameMasked },
            { title: t('case.promisedDate'), dataIndex: 'promisedDate' },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Input style={{ width: 360 }} placeholder={t('errands.courier')} value={courier} onChange={(e) => setCourier(e.target.value)} data-testid="errand-courier" />
          <Button type="primary" disabled={candidates.length === 0 || courier.trim().length < 2} onClick={() => void create()} data-testid="errand-create">
            {t('errands.create')}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={t('errands.batches')} data-testid="errand-batches">
        <List
          dataSource={batches}
          renderItem={(b) => (
            <List.Item
              data-testid={`batch-${b.batchId}`}
              data-state={b.state}
              actions={[
                <Button key="pdf" size="small" onClick={() => void guarded(async () => downloadDocument(await api.manifestPdf({ batchId: b.batchId, copy: true })))}>
                  {t('errands.manifest')}
                </Button>,
              ]}
            >
              <Space>
                <Tag color={STATE_COLOR[b.state]}>{t(`errands.state.${b.state}` as MessageKey)}</Tag>
                <span>{b.batchNo ?? b.batchId.slice(0, 8)}</span>
                <span>{b.courier}</span>
                <span>{t('errands.received', { n: b.received, total: b.caseIds.length })}</span>
                {/* Refused: the bureau's own reasons (its text); not yet sent: a note that it is retried, the technical error for support only. */}
                {b.lastError && b.state === 'attention' && <Tag color="red">{b.lastError}</Tag>}
                {b.lastError && b.state === 'pending' && <Tag color="orange">{t('errands.retrying')}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
