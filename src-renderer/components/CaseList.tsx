import { Button, Card, Table } from 'antd';
import type { CaseView } from '../../src-main/contract';
import { t } from '../i18n';
import { useTerminal } from '../stores/terminal';
import { SyncTag, printCase, printNotice, statusText } from './CaseResult';
import { chinaClock } from '../features/counter/china-time';
import { EmptyState } from '../features/counter/EmptyState';

/** A refused intake (已一次性告知) has a one-time notice and no receipt: the row prints what the case has. */
function PrintButton({ c }: { c: CaseView }) {
  if (c.status === 'withdrawn') return null;
  const notice = c.status === 'notified';
  return (
    <Button size="small" onClick={() => void (notice ? printNotice(c.caseId, true) : printCase(c.caseId, true))} data-testid={`case-list-print-${c.caseId}`}>
      {t(notice ? 'case.printNotice' : 'case.print')}
    </Button>
  );
}

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
          { title: '', width: 140, render: (_, c) => <PrintButton c={c} /> },
        ]}
      />
    </Card>
  );
}
