import { Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { CaseView, FollowUp } from '../../src-main/contract';
import { api, subscribe } from '../api/client';
import { downloadReceipt, guarded, needsNotice, printCase, printNotice, RefusalAlert, statusText, SyncTag } from '../components/CaseResult';
import { t, type MessageKey } from '../i18n';
import { MonthlyFiguresCard } from '../components/MonthlyFiguresCard';
import { ReprintLog } from '../features/counter/ReprintLog';
import { chinaDateTime } from '../features/counter/china-time';
import { EmptyState } from '../features/counter/EmptyState';
import { RatingTodos } from '../features/rating';
import { WithdrawDialog } from '../components/WithdrawDialog';

type Channel = 'sms' | 'phone' | 'courier' | 'bank_card' | 'pickup';

function InformDialog({ f, onClose }: { f: FollowUp | null; onClose: () => void }) {
  const [channel, setChannel] = useState<Channel>('sms');
  const [trackingNo, setTrackingNo] = useState('');
  if (!f) return null;
  const done = () =>
    guarded(async () => {
      await api.recordInformed({ caseId: f.case.caseId, channel, ...(trackingNo ? { trackingNo } : {}) });
      onClose();
    });
  return (
    <Modal open title={t('common.labelValue', { label: t('worklist.markInformed'), value: f.case.itemName })} onOk={() => void done()} onCancel={onClose} okButtonProps={{ 'data-testid': 'inform-confirm' } as Record<string, string>}>
      <Typography.Paragraph copyable data-testid="inform-message">{f.message}</Typography.Paragraph>
      <Space>
        <Select<Channel>
          value={channel}
          onChange={setChannel}
          style={{ width: 160 }}
          options={(['sms', 'phone', 'courier', 'bank_card', 'pickup'] as const).map((c) => ({ value: c, label: t(`form.feedback.${c}` as MessageKey) }))}
        />
        {channel === 'courier' && <Input placeholder={t('worklist.trackingNo')} value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} />}
      </Space>
    </Modal>
  );
}

/** The documents of a case still make sense unless it was withdrawn (or refused: a notice only, no receipt). */
function CaseActions({ c, onWithdrawn }: { c: CaseView; onWithdrawn: (view: CaseView) => void }) {
  const [prints, setPrints] = useState(0);
  const [withdrawing, setWithdrawing] = useState(false);
  const printed = () => setPrints((n) => n + 1);
  const live = c.status !== 'withdrawn';
  const receipt = live && c.status !== 'notified';
  return (
    <Space size="small" wrap>
      {receipt && <Button size="small" onClick={() => void printCase(c.caseId, true).then(printed)} data-testid={`reprint-${c.caseId}`}>{t('case.reprint')}</Button>}
      {live && needsNotice(c) && <Button size="small" onClick={() => void printNotice(c.caseId, true).then(printed)} data-testid={`print-notice-${c.caseId}`}>{t('case.printNotice')}</Button>}
      {receipt && <Button size="small" onClick={() => void downloadReceipt(c.caseId, true).then(printed)} data-testid={`receipt-pdf-${c.caseId}`}>{t('case.receiptPdf')}</Button>}
      {!c.inBatch && !['withdrawn', 'completed', 'rejected'].includes(c.status) && (
        <Button size="small" danger onClick={() => setWithdrawing(true)} data-testid={`withdraw-${c.caseId}`}>
          {t('case.withdraw')}
        </Button>
      )}
      {c.inBatch && <Tag>{t('case.inBatch')}</Tag>}
      <ReprintLog caseId={c.caseId} refreshKey={prints} />
      {withdrawing && <WithdrawDialog c={c} onClose={() => setWithdrawing(false)} onWithdrawn={onWithdrawn} />}
    </Space>
  );
}

/**
 * 办件跟踪: citizens to inform (results, materials asked for, overdue), and any case found by number, ID or name.
 * `onOpenReports`: where the person may see 报表, the month card leads there.
 */
export function WorklistPage({ onOpenReports }: { onOpenReports?: (() => void) | undefined }) {
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [found, setFound] = useState<CaseView[] | null>(null);
  const [informing, setInforming] = useState<FollowUp | null>(null);
  const refresh = useCallback(() => void api.followUps({}).then(setFollowUps), []);
  // A case found that changes (withdrawn here, or moved on by the back office) is shown as it now is.
  const replaceFound = useCallback((view: CaseView) => setFound((rows) => rows && rows.map((r) => (r.caseId === view.caseId ? view : r))), []);
  useEffect(() => {
    refresh();
    return subscribe('caseUpdated', (view) => {
      refresh();
      replaceFound(view);
    });
  }, [refresh, replaceFound]);

  // Short values and headings on one line each: at 1280 px the item name and the actions take what is left.
  const head = (key: MessageKey) => <span className="nowrap">{t(key)}</span>;
  const columns = [
    // Before the back office numbers a case (never, for a refused intake) the counter's 登记编号 stands for it.
    { title: head('case.caseNo'), render: (_: unknown, c: CaseView) => <span className="nowrap">{c.caseNo ?? c.regNo ?? '—'}</span> },
    { title: head('counter.queueNo'), render: (_: unknown, c: CaseView) => <span className="nowrap" data-testid={`queue-${c.caseId}`}>{c.queueNo ?? '—'}</span> },
    { title: head('case.time'), render: (_: unknown, c: CaseView) => <span className="nowrap">{chinaDateTime(c.acceptedAt)}</span> },
    // Each column renders from the case (no dataIndex): the follow-ups table hands it the FollowUp's case.
    { title: t('case.item'), render: (_: unknown, c: CaseView) => <span data-testid={`item-${c.caseId}`}>{c.itemName}</span> },
    { title: t('case.applicant'), render: (_: unknown, c: CaseView) => `${c.applicantNameMasked} ${c.applicantIdMasked}` },
    { title: head('case.status'), render: (_: unknown, c: CaseView) => <span className="nowrap" data-testid={`status-${c.caseId}`}>{statusText(c.status)}</span> },
    { title: head('case.sync'), render: (_: unknown, c: CaseView) => <SyncTag c={c} /> },
    { title: head('case.promisedDate'), render: (_: unknown, c: CaseView) => <span className="nowrap">{c.promisedDate ?? '—'}</span> },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('worklist.followUps')} data-testid="follow-ups">
        <Table<FollowUp>
          size="small"
          rowKey={(f) => f.case.caseId}
          dataSource={followUps}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <EmptyState text={t('worklist.empty')} /> }}
          rowClassName={(f) => (f.overdue ? 'row-overdue' : '')}
          columns={[
            ...columns.map((col) => ({ ...col, render: (_: unknown, f: FollowUp) => col.render(undefined, f.case) })),
            {
              title: '',
              render: (_: unknown, f: FollowUp) => (
                <Space>
                  {f.overdue && <Tag color="red">{t('worklist.overdue')}</Tag>}
                  <Tag color="blue">{t(`worklist.reason.${f.reason}` as MessageKey)}</Tag>
                  <Button size="small" type="primary" onClick={() => setInforming(f)} data-testid={`inform-${f.case.caseId}`}>
                    {t('worklist.markInformed')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <RatingTodos />
      <Card size="small" title={t('worklist.search')}>
        <Input.Search
          allowClear
          enterButton
          placeholder={t('worklist.search')}
          onSearch={(q) => void (q.trim().length >= 2 ? api.searchCases({ query: q.trim() }).then(setFound) : setFound(null))}
          data-testid="case-search"
        />
        {found && (
          <Table<CaseView>
            size="small"
            rowKey="caseId"
            style={{ marginTop: 12 }}
            dataSource={found}
            pagination={false}
            expandable={{
              showExpandColumn: false,
              expandedRowKeys: found.filter((c) => c.attentionReasons).map((c) => c.caseId),
              expandedRowRender: (c) => <RefusalAlert c={c} />,
            }}
            columns={[...columns, { title: '', render: (_: unknown, c: CaseView) => <CaseActions c={c} onWithdrawn={replaceFound} /> }]}
          />
        )}
      </Card>
      <MonthlyFiguresCard onOpenReports={onOpenReports} />
      <InformDialog
        f={informing}
        onClose={() => {
          setInforming(null);
          refresh();
        }}
      />
    </Space>
  );
}
