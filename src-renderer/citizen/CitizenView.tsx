import { Alert, Button, Card, Checkbox, ConfigProvider, Descriptions, Input, Radio, Result, Space, Typography } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enLocale from 'antd/locale/en_US';
import { useCallback, useEffect, useState } from 'react';
import { COMMENT_MAX, RATING_LEVELS, isBadLevel, type CitizenCase, type RatingLevel } from '../../src-main/contract';
import { ApiError } from '../api/errors';
import { t, tCatalog, tError, useLocale, type MessageKey } from '../i18n';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { citizenApi } from './citizen-client';

const POLL_MS = 1500;

/** The case's status in plain words for the citizen. */
export function plainStatus(status: string): string {
  const key = `citizen.plain.${status}` as MessageKey;
  return t(key) ?? t('citizen.plain.unknown');
}

/**
 * The citizen-facing view (好差评): the current case's number, item and status in plain words, and a rating of five
 * levels with reasons for the two bad ones and an optional comment. It can do nothing else.
 */
export function CitizenView() {
  const locale = useLocale();
  const [current, setCurrent] = useState<CitizenCase | null>(null);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [thanks, setThanks] = useState<'good' | 'bad' | null>(null);

  const refresh = useCallback(async () => {
    try {
      const next = await citizenApi.currentCase({});
      setCurrent((prev) => {
        if (prev?.caseId !== next?.caseId || prev?.rev !== next?.rev) {
          setLevel(null);
          setReasons([]);
          setComment('');
          setProblem(null);
          setThanks(null);
        }
        return next;
      });
    } catch {
      // The terminal restarts or the line to it hiccups: the next poll tries again.
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  /** A level chosen answers a warning about the last submit (no level, or no reason for a bad one). */
  function choose(next: RatingLevel) {
    setLevel(next);
    setProblem(null);
  }

  /** So does a reason ticked (请至少选择一个不满意的原因 stayed while the citizen ticked one). */
  function pickReasons(next: string[]) {
    setReasons(next);
    if (next.length > 0) setProblem(null);
  }

  async function submit() {
    if (!current) return;
    if (level === null) return setProblem(t('citizen.needLevel'));
    if (isBadLevel(level) && reasons.length === 0) return setProblem(t('citizen.needReason'));
    setProblem(null);
    setSending(true);
    try {
      await citizenApi.rateCase({
        caseId: current.caseId,
        rev: current.rev,
        level,
        reasons: isBadLevel(level) ? reasons : [],
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setThanks(isBadLevel(level) ? 'bad' : 'good');
      await refresh();
    } catch (err) {
      setProblem(err instanceof ApiError ? tError(err.error, t('citizen.error')) : t('citizen.error'));
    } finally {
      setSending(false);
    }
  }

  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enLocale} theme={{ token: { fontSize: 20 } }}>
      <main className="citizen-view" data-testid="citizen-view">
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={2}>{t('citizen.title')}</Typography.Title>
          <LanguageSwitch data-testid="citizen-language" />
        </Space>
        {!current ? (
          <Result status="info" title={t('citizen.waiting')} data-testid="citizen-waiting" />
        ) : (
          <Card data-testid="citizen-case" data-case-id={current.caseId}>
            <Descriptions column={1} size="middle">
              <Descriptions.Item label={t('citizen.caseNo')}>
                <span data-testid="citizen-case-no">{current.caseNo ?? t('citizen.caseNoPending')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('citizen.item')}>
                <span data-testid="citizen-item">{current.itemName}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('citizen.status')}>
                <span data-testid="citizen-status">{plainStatus(current.status)}</span>
              </Descriptions.Item>
            </Descriptions>
            {thanks || current.rated ? (
              <Result status="success" title={thanks === 'bad' ? t('citizen.thanksBad') : thanks ? t('citizen.thanks') : t('citizen.rated')} data-testid="citizen-thanks" />
            ) : (
              <Space orientation="vertical" size="large" style={{ width: '100%' }}>
                <Typography.Title level={3}>{t('citizen.question')}</Typography.Title>
                <Radio.Group value={level} onChange={(e) => choose(e.target.value as RatingLevel)} optionType="button" buttonStyle="solid" size="large">
                  {RATING_LEVELS.map((l) => (
                    <Radio.Button key={l} value={l}>
                      <span data-testid={`rating-level-${l}`}>{t(`rating.level.${l}` as MessageKey)}</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
                {level !== null && isBadLevel(level) && (
                  <div>
                    <Typography.Text strong>{t('citizen.reasons')}</Typography.Text>
                    <Checkbox.Group value={reasons} onChange={(v) => pickReasons(v as string[])} style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 }}>
                      {current.reasons.map((r) => (
                        <Checkbox key={r.code} value={r.code}>
                          <span data-testid={`rating-reason-${r.code}`}>{tCatalog(`rating.reason.${r.code}`, r.label)}</span>
                        </Checkbox>
                      ))}
                    </Checkbox.Group>
                  </div>
                )}
                <div>
                  <Typography.Text>{t('citizen.comment')}</Typography.Text>
                  <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={COMMENT_MAX} showCount rows={3} data-testid="rating-comment" />
                </div>
                {problem && <Alert type="warning" showIcon title={problem} data-testid="citizen-problem" />}
                <Button type="primary" size="large" onClick={() => void submit()} loading={sending} data-testid="rating-submit">
                  {t('citizen.submit')}
                </Button>
              </Space>
            )}
          </Card>
        )}
      </main>
    </ConfigProvider>
  );
}
