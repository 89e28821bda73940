import { App, Button, Card, Form, Input, List, Modal, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { mayCall, type CatalogItem } from '../../../src-main/contract';
import { api, ApiError } from '../../api/client';
import { t, tError } from '../../i18n';
import { useTerminal } from '../../stores/terminal';
import { MentorMatrix } from './MentorMatrix';
import { mistakeText } from './mistake-text';
import { ProgressFigures } from './ProgressFigures';
import { StageTag } from './StageTag';
import { usePractice } from './store';

type PracticeItem = Awaited<ReturnType<typeof api.practiceItems>>[number];
type Run = Awaited<ReturnType<typeof api.practiceResult>>;
type QuizQuestion = Awaited<ReturnType<typeof api.quiz>>[number];

/** The result of the practice case just accepted at this window. */
function RunResult() {
  const current = useTerminal((s) => s.current);
  const on = usePractice((s) => s.on);
  const [run, setRun] = useState<{ run: Run; item: CatalogItem | null } | null>(null);
  useEffect(() => {
    setRun(null);
    if (!on || !current) return;
    void api
      .practiceResult({ caseId: current.caseId })
      .then(async (r) => setRun({ run: r, item: await api.getItem({ code: r.itemCode }).catch(() => null) }))
      .catch(() => setRun(null));
  }, [on, current]);
  return (
    <Card size="small" title={t('practice.result')} data-testid="practice-result">
      {!run ? (
        <Typography.Text type="secondary">{t('practice.result.none')}</Typography.Text>
      ) : run.run.mistakes.length === 0 ? (
        <Tag color="green" data-testid="practice-clean">{t('practice.result.clean')}</Tag>
      ) : (
        <List
          size="small"
          header={<strong data-testid="practice-mistake-count">{t('practice.result.count', { n: run.run.mistakes.length })}</strong>}
          dataSource={run.run.mistakes}
          renderItem={(m) => (
            <List.Item data-testid="practice-mistake" data-kind={m.kind}>
              {mistakeText(m, run.item)}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function QuizButton({ itemCode, onDone }: { itemCode: string; onDone: () => void }) {
  const { message } = App.useApp();
  const [questions, setQuestions] = useState<QuizQuestion[] | null>(null);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  async function submit() {
    const r = await api.answerQuiz({ itemCode, answers });
    void (r.passed ? message.success : message.warning)(`${t('practice.quiz.score', { correct: r.correct, total: r.total })} ${t(r.passed ? 'practice.quiz.passed' : 'practice.quiz.failed')}`);
    onDone();
    setQuestions(null);
  }
  return (
    <>
      <Button data-testid="quiz-open" onClick={() => void api.quiz({ itemCode }).then((q) => (setAnswers({}), setQuestions(q)))}>
        {t('practice.quiz')}
      </Button>
      <Modal open={questions !== null} title={t('practice.quiz')} onCancel={() => setQuestions(null)} onOk={() => void submit()} okText={t('practice.quiz.submit')} okButtonProps={{ 'data-testid': 'quiz-submit' } as Record<`data-${string}`, string>} width={720}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {questions?.map((q, i) => (
            <div key={q.id} data-testid="quiz-question" data-id={q.id}>
              <Typography.Text strong>
                {i + 1}. {q.text}
              </Typography.Text>
              <Radio.Group value={answers[q.id]} onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: e.target.value as number }))}>
                <Space orientation="vertical">
                  {q.options.map((o, j) => (
                    <Radio key={o} value={j}>
                      {o}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </div>
          ))}
        </Space>
      </Modal>
    </>
  );
}

function SignOff({ itemCode, tellerId, onDone }: { itemCode: string; tellerId: string; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ mentorId: string; mentorPin: string }>();
  async function submit() {
    const { mentorId, mentorPin } = await form.validateFields();
    try {
      await api.signOffItem({ tellerId, itemCode, mentorId: mentorId.trim().toUpperCase(), mentorPin });
      onDone();
      void message.success(t('practice.signOff.done'));
      form.resetFields();
    } catch (err) {
      if (err instanceof ApiError) void message.error(tError(err.error));
    }
  }
  return (
    <Form form={form} layout="inline" onFinish={() => void submit()} data-testid="signoff-form">
      <Form.Item name="mentorId" label={t('practice.signOff.mentorId')} rules={[{ required: true }]}>
        <Input style={{ width: 110 }} data-testid="signoff-mentor" />
      </Form.Item>
      <Form.Item name="mentorPin" label={t('practice.signOff.pin')} rules={[{ required: true }]}>
        <Input.Password style={{ width: 120 }} data-testid="signoff-pin" autoComplete="off" />
      </Form.Item>
      <Button htmlType="submit" type="primary" data-testid="signoff-submit">
        {t('practice.signOff')}
      </Button>
    </Form>
  );
}

/**
 * 练习: practice mode, the practice bank's scenarios, the run's mistakes, questions, the mentor's sign-off. The page
 * stays mounted behind its tab while the teller practises on 受理, so the progress is read again each time it is
 * shown (`active`), and after a quiz or a sign-off.
 */
export function PracticePage({ active, onStarted }: { active: boolean; onStarted: () => void }) {
  const { message } = App.useApp();
  const session = useTerminal((s) => s.session);
  const caller = useTerminal((s) => s.caller);
  // A teller practises; a mentor practises and signs off; branch IT sees the matrix and figures only.
  const practises = mayCall('practiceItems', caller);
  const { on, set } = usePractice();
  const [items, setItems] = useState<PracticeItem[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => {
    if (!practises) return setVersion((v) => v + 1);
    void api.practiceItems({}).then((list) => {
      setItems(list);
      setVersion((v) => v + 1);
    });
  }, [practises]);
  useEffect(() => {
    if (active) refresh();
  }, [refresh, on, active]);
  const selected = useMemo(() => items.find((i) => i.itemCode === code) ?? null, [items, code]);

  async function start(scenarioId: string) {
    useTerminal.getState().nextCitizen();
    const { applicant } = await api.startScenario({ scenarioId });
    await usePractice.getState().load();
    useTerminal.getState().setApplicant(applicant);
    void message.info(t('practice.started'));
    onStarted();
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="practice-page">
      {practises && (
        <>
          <Space>
            <Typography.Text strong>{t('practice.switch')}</Typography.Text>
            <Switch checked={on} data-testid="practice-switch" onChange={(next) => void set(next).then(() => message.info(t(next ? 'practice.switch.on' : 'practice.switch.off')))} />
          </Space>
          <RunResult />
          <Card size="small" title={t('practice.item')}>
            <Select
              showSearch
              style={{ width: '100%' }}
              placeholder={t('practice.itemPlaceholder')}
              data-testid="practice-item"
              value={code}
              onChange={setCode}
              optionFilterProp="label"
              options={items.map((i) => ({ value: i.itemCode, label: `${i.itemCode} ${i.itemName}` }))}
            />
            {selected && (
              <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
                <Space wrap>
                  <StageTag p={selected.progress} />
                  <Tag>{t('practice.cleanRuns', { n: selected.progress.cleanRuns })}</Tag>
                  <Tag color={selected.progress.quizPassed ? 'green' : 'default'}>{t(selected.progress.quizPassed ? 'practice.quizPassed' : 'practice.quizPending')}</Tag>
                  <QuizButton itemCode={selected.itemCode} onDone={refresh} />
                </Space>
                <List
                  header={t('practice.scenarios')}
                  dataSource={selected.scenarios}
                  renderItem={(s) => (
                    <List.Item
                      data-testid="practice-scenario"
                      data-id={s.id}
                      actions={[
                        <Button key="start" type="primary" size="small" data-testid="scenario-start" onClick={() => void start(s.id)}>
                          {t('practice.start')}
                        </Button>,
                      ]}
                    >
                      {s.story}
                    </List.Item>
                  )}
                />
                {selected.progress.stage === 'practised' && session && <SignOff itemCode={selected.itemCode} tellerId={session.tellerId} onDone={refresh} />}
              </Space>
            )}
          </Card>
        </>
      )}
      {mayCall('trainingMatrix', caller) && <MentorMatrix version={version} />}
      {mayCall('trainingFigures', caller) && <ProgressFigures version={version} />}
    </Space>
  );
}
