import { Button, Card, List, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseView } from '../../src-main/contract';
import { api } from '../api/client';
import { t } from '../i18n';
import { useTerminal } from '../stores/terminal';
import { statusText, SyncTag } from './CaseResult';
import { chinaDay } from '../features/counter/china-time';

/** The applicant's previous and open cases; a refused intake (notified) can be continued on this visit. */
export function ApplicantHistory({ onResume }: { onResume: (c: CaseView) => void }) {
  const applicant = useTerminal((s) => s.applicant);
  const cases = useTerminal((s) => s.cases);
  const [history, setHistory] = useState<CaseView[]>([]);
  useEffect(() => {
    if (!applicant) {
      setHistory([]);
      return;
    }
    void api.applicantHistory({ applicantId: applicant.applicantId }).then(setHistory);
  }, [applicant, cases]);
  if (!applicant || history.length === 0) return null;
  return (
    <Card size="small" title={t('history.title')} style={{ marginTop: 12 }} data-testid="applicant-history">
      <List
        size="small"
        dataSource={history}
        renderItem={(c) => (
          <List.Item
            data-testid={`history-${c.caseId}`}
            actions={
              c.status === 'notified' && c.syncState === 'local'
                ? [
                    <Button key="resume" size="small" type="primary" onClick={() => onResume(c)} data-testid={`resume-${c.caseId}`}>
                      {t('history.resume')}
                    </Button>,
                  ]
                : []
            }
          >
            <span>
              {c.itemName} <Tag>{statusText(c.status)}</Tag> <SyncTag c={c} /> <span className="nowrap" data-testid="history-date">{chinaDay(c.acceptedAt)}</span>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}
