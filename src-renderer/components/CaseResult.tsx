import { Alert, Button, Card, Descriptions, Tag, message } from 'antd';
import { useState } from 'react';
import { resultEntries, type CaseView } from '../../src-main/contract';
import { ApiError, api } from '../api/client';
import { downloadDocument } from '../api/documents';
import { t, tError, type MessageKey } from '../i18n';
import { useHotkey } from '../hooks/useHotkey';
import { useTerminal } from '../stores/terminal';
import { RefusalReasons } from './RefusalReasons';
import { CaseActionBar } from '../features/counter/intake-keys';
import { ReprintLog } from '../features/counter/ReprintLog';
import { chinaDateTime } from '../features/counter/china-time';
import { RatingPanel } from '../features/rating/RatingPanel';

const SYNC_COLOR: Record<CaseView['syncState'], string> = { local: 'default', queued: 'gold', synced: 'green', attention: 'red', defect: 'red' };

export function SyncTag({ c }: { c: CaseView }) {
  return (
    <Tag color={SYNC_COLOR[c.syncState]} data-testid={`sync-${c.caseId}`} data-state={c.syncState}>
      {t(`case.sync.${c.syncState}` as MessageKey)}
    </Tag>
  );
}

export function statusText(status: string): string {
  const key = `case.status.${status}` as MessageKey;
  const text = t(key);
  return text === undefined ? status : text;
}

/** Runs a call and shows its typed error, if any, to the teller. */
export async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ApiError) void message.error(tError(err.error));
    else throw err;
  }
}

/** What the teller is told after a print, in the words of the document printed. */
const PRINT_WORDS = {
  receipt: { printed: 'case.printed', held: 'case.printHeld' },
  notice: { printed: 'counter.notice.printed', held: 'counter.notice.printHeld' },
} as const satisfies Record<string, Record<'printed' | 'held', MessageKey>>;

function reportPrint(document: keyof typeof PRINT_WORDS, r: { state: 'printed' | 'held' }): void {
  const words = PRINT_WORDS[document];
  if (r.state === 'printed') void message.success(t(words.printed));
  else void message.warning(t(words.held));
}

export const printCase = (caseId: string, copy = false) => guarded(async () => reportPrint('receipt', await api.printReceipt({ caseId, copy })));
export const printNotice = (caseId: string, copy = false) => guarded(async () => reportPrint('notice', await api.printNotice({ caseId, copy })));
export const downloadNotice = (caseId: string) => guarded(async () => downloadDocument(await api.noticePdf({ caseId })));
export const downloadReceipt = (caseId: string, copy = false) => guarded(async () => downloadDocument(await api.receiptPdf({ caseId, copy })));

/** A refused case (422 back to the teller, or a 400 defect for support): what was refused and why, field by field. */
export function RefusalAlert({ c }: { c: CaseView }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 8 }}
      data-testid={`refusal-${c.caseId}`}
      title={t(c.syncState === 'defect' ? 'case.refused.defect' : 'case.refused.attention')}
      description={<RefusalReasons reasons={c.attentionReasons ?? []} id={c.caseId} />}
    />
  );
}

/** A case needs a one-time notice when materials are missing (refused) or deferred (容缺). */
export const needsNotice = (c: CaseView) => c.status === 'notified' || c.status === 'accepted_deferred' || !!c.deadline;

/** The case just accepted at this window: its number, sync state and result, and the receipt. */
export function CaseResult({ c }: { c: CaseView }) {
  const nextCitizen = useTerminal((s) => s.nextCitizen);
  const item = useTerminal((s) => s.item);
  const [printing, setPrinting] = useState(false);
  const [prints, setPrints] = useState(0);
  const notice = needsNotice(c);
  async function print() {
    setPrinting(true);
    if (notice) await printNotice(c.caseId);
    if (c.status !== 'notified') await printCase(c.caseId);
    setPrinting(false);
    setPrints((n) => n + 1);
  }
  useHotkey('F10', () => void print());
  useHotkey('Escape', nextCitizen);
  return (
    <Card size="small" title={`${c.itemName}`} data-testid="case-result" data-case-id={c.caseId}>
      {c.attentionReasons && <RefusalAlert c={c} />}
      <Descriptions column={2} size="small">
        <Descriptions.Item label={t('case.caseNo')}>
          <span data-testid="case-no" className="nowrap">{c.caseNo ?? t('case.saved')}</span>
        </Descriptions.Item>
        {/* The counter's own number: what the citizen is told (and the one-time notice shows) until the case number comes. */}
        {c.regNo && (
          <Descriptions.Item label={t('case.regNo')}>
            <span data-testid="case-reg-no" className="nowrap">{c.regNo}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('case.sync')}>
          <SyncTag c={c} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.status')}>
          <span data-testid="case-status">{statusText(c.status)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.applicant')}>{`${c.applicantNameMasked} ${c.applicantIdMasked}`}</Descriptions.Item>
        <Descriptions.Item label={t('case.time')}>{chinaDateTime(c.acceptedAt)}</Descriptions.Item>
        {c.queueNo && (
          <Descriptions.Item label={t('counter.queueNo')}>
            <span data-testid="case-queue-no">{c.queueNo}</span>
          </Descriptions.Item>
        )}
        {c.promisedDate && <Descriptions.Item label={t('case.promisedDate')}>{c.promisedDate}</Descriptions.Item>}
        {c.deadline && <Descriptions.Item label={t('case.deadline')}>{c.deadline}</Descriptions.Item>}
        {c.result && (
          <Descriptions.Item label={t('case.result')} span={2}>
            <span data-testid="case-result-data">
              {resultEntries(c.result, item?.code === c.itemCode ? item : null)
                .map(([label, v]) => `${label}：${v}`)
                .join('，')}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {c.status === 'notified' && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('case.noticeHint')} />}
      <ReprintLog caseId={c.caseId} refreshKey={prints} />
      <RatingPanel c={c} />
      <CaseActionBar>
        <Button type="primary" onClick={() => void print()} loading={printing} data-testid="print-receipt">
          {notice ? t('case.printNotice') : t('case.print')} (F10)
        </Button>
        {notice && (
          <Button onClick={() => void downloadNotice(c.caseId).then(() => setPrints((n) => n + 1))} data-testid="notice-pdf">
            {t('case.noticePdf')}
          </Button>
        )}
        {c.status !== 'notified' && (
          <Button onClick={() => void downloadReceipt(c.caseId).then(() => setPrints((n) => n + 1))} data-testid="receipt-pdf">
            {t('case.receiptPdf')}
          </Button>
        )}
        <Button onClick={nextCitizen} data-testid="next-citizen">
          {t('applicant.clear')} (Esc)
        </Button>
      </CaseActionBar>
    </Card>
  );
}
