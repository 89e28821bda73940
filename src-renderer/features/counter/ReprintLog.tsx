import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ReprintEntry } from '../../../src-main/contract';
import { api } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { chinaDateTime } from './china-time';

/** The 补打 log of a case: every reprint with who made it, when and which document. */
export function ReprintLog({ caseId, refreshKey = 0 }: { caseId: string; refreshKey?: number }) {
  const [entries, setEntries] = useState<ReprintEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    void api.caseReprints({ caseId }).then((e) => live && setEntries(e));
    return () => {
      live = false;
    };
  }, [caseId, refreshKey]);
  if (!entries) return null;
  return (
    <div data-testid={`reprints-${caseId}`} data-count={entries.length} style={{ marginTop: 8 }}>
      <Typography.Text type="secondary">{t('common.labelValue', { label: t('counter.reprints'), value: '' })}</Typography.Text>
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('counter.reprints.none')}</Typography.Text>
      ) : (
        entries.map((e, i) => (
          <div key={i} className="reprint-entry">
            {t('counter.reprints.entry', { at: chinaDateTime(e.at), actor: e.actor, document: t(`counter.document.${e.document}` as MessageKey) })}
          </div>
        ))
      )}
    </div>
  );
}
