import { Button, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { CaseRating, CaseView } from '../../../src-main/contract';
import { api, subscribe } from '../../api/client';
import { guarded } from '../../components/CaseResult';
import { t, type MessageKey } from '../../i18n';
import { usePractice } from '../training/store';

/** 「群众评价：」 before the rating's tags. */
const RatingTitle = () => <span>{t('common.labelValue', { label: t('rating.title'), value: '' })}</span>;
const SYNC_COLOR = { queued: 'gold', synced: 'green', attention: 'red', defect: 'red' } as const;

/**
 * The rating line of a case at the window. A practice case (练习) is never shown on the citizen view nor rated: it says
 * so instead of asking the core (whose practice workspace would answer as if it had been shown).
 */
export function RatingPanel({ c }: { c: CaseView }) {
  const practising = usePractice((s) => s.on);
  if (c.syncState === 'local') return null;
  if (practising) {
    return (
      <Space data-testid="case-rating" data-rated="practice">
        <RatingTitle />
        <Tag>{t('rating.practice')}</Tag>
      </Space>
    );
  }
  return <CaseRatingPanel c={c} />;
}

/**
 * The teller's view of a case's rating (好差评): whether the citizen rated it, the level, and what became of it. The
 * teller can show the case on the citizen view again (on request), never give or change a rating.
 */
function CaseRatingPanel({ c }: { c: CaseView }) {
  const [rating, setRating] = useState<CaseRating | null>(null);
  const refresh = useCallback(() => void api.caseRating({ caseId: c.caseId }).then(setRating, () => setRating(null)), [c.caseId]);
  useEffect(() => {
    refresh();
    return subscribe('caseUpdated', (v) => {
      if (v.caseId === c.caseId) refresh();
    });
  }, [c.caseId, refresh]);
  if (!rating) return null;
  const r = rating.rating;
  return (
    <Space data-testid="case-rating" data-rated={r ? String(r.level) : 'none'} wrap>
      <RatingTitle />
      {r ? (
        <>
          <Tag color={r.level <= 2 ? 'red' : 'green'} data-testid="case-rating-level">
            {t('rating.given', { level: t(`rating.level.${r.level}` as MessageKey) })}
          </Tag>
          <Tag color={SYNC_COLOR[r.syncState]} data-testid="case-rating-sync" data-state={r.syncState}>
            {t(`rating.sync.${r.syncState}` as MessageKey)}
          </Tag>
          {r.followUp && <Tag color="blue">{t(`rating.followUp.${r.followUp}` as MessageKey)}</Tag>}
        </>
      ) : (
        <>
          <Tag>{t('rating.none')}</Tag>
          {rating.presented ? (
            <Tag color="processing" data-testid="case-rating-presented">{t('rating.presented')}</Tag>
          ) : (
            <Button size="small" onClick={() => void guarded(async () => setRating(await api.presentForRating({ caseId: c.caseId })))} data-testid="present-for-rating">
              {t('rating.present')}
            </Button>
          )}
        </>
      )}
    </Space>
  );
}
