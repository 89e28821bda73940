import { Button, Card, Table } from 'antd';
import type { CaseView } from '../../src-main/contract';
import { t } from '../i18n';
import { useTerminal } from '../stores/terminal';
import { SyncTag, printCase, statusText } from './CaseResult';
import { chinaClock } from '../features/counter/china-time';
import { EmptyState } from '../features/counter/EmptyState';

export function CaseList() {
  const cases = useTerminal((s) => s.cases);
  return (
    <Card size="small" title={t('case.title')} data-testid="case-list">
      <Table<CaseView>
        size="small"
        rowKey="caseId"
        dataSource={cases}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyState text={t('case.empty')} /> }}
        columns={[
          { title: t('case.time'), dataIndex: 'acceptedAt', width: 70, render: (v: string) => <span className="nowrap" data-testid="case-list-time">{chinaClock(v)}</span> },
          { title: t('counter.queueNo'), dataIndex: 'queueNo', width: 80, render: (v: string | null) => v ?? '—' },
          { title: t('case.item'), dataIndex: 'itemName' },
          { title: t('case.applicant'), render: (_, c) => c.applicantNameMasked },
          { title: t('case.caseNo'), dataIndex: 'caseNo', render: (v: string | null) => v ?? '—' },
          { title: t('case.status'), dataIndex: 'status', render: statusText },
          { title: t('case.sync'), render: (_, c) => <SyncTag c={c} /> },
          { title: '', width: 90, render: (_, c) => <Button size="small" onClick={() => void printCase(c.caseId, true)}>{t('case.print')}</Button> },
        ]}
      />
    </Card>
  );
}
