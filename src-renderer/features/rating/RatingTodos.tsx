import { Button, Card, Input, Modal, Space, Table, Tag, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { RatingTodo } from '../../../src-main/contract';
import { api, subscribe } from '../../api/client';
import { guarded } from '../../components/CaseResult';
import { t, type MessageKey } from '../../i18n';

/** 办件跟踪's to-dos from bad ratings: call the citizen back (follow_up), record the rectification (rectified). */
export function RatingTodos() {
  const [todos, setTodos] = useState<RatingTodo[]>([]);
  const [doing, setDoing] = useState<RatingTodo | null>(null);
  const [note, setNote] = useState('');
  const refresh = useCallback(() => void api.ratingTodos({}).then(setTodos), []);
  useEffect(() => {
    refresh();
    return subscribe('caseUpdated', refresh);
  }, [refresh]);
  const complete = () =>
    guarded(async () => {
      if (!doing) return;
      await api.completeRatingTodo({ todoId: doing.todoId, note: note.trim() });
      void message.success(t('rating.todo.saved'));
      setDoing(null);
      setNote('');
      refresh();
    });
  if (todos.length === 0) return null;
  return (
    <Card size="small" title={t('rating.todos')} data-testid="rating-todos">
      <Table<RatingTodo>
        size="small"
        rowKey="todoId"
        dataSource={todos}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('case.caseNo'), render: (_: unknown, x) => x.caseNo ?? '—' },
          { title: t('case.item'), dataIndex: 'itemName' },
          { title: t('rating.title'), render: (_: unknown, x) => <Tag color="red">{t(`rating.level.${x.level}` as MessageKey)}</Tag> },
          { title: t('rating.todo.reasons'), render: (_: unknown, x) => x.reasons.join(t('catalog.list.separator')) },
          { title: t('rating.todo.backOffice'), render: (_: unknown, x) => x.note ?? '—' },
          {
            title: '',
            render: (_: unknown, x) => (
              <Button size="small" type="primary" onClick={() => setDoing(x)} data-testid={`rating-todo-${x.kind}-${x.caseId}`}>
                {t(`rating.todo.${x.kind}` as MessageKey)}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!doing}
        title={doing ? t(`rating.todo.${doing.kind}` as MessageKey) : ''}
        onOk={() => void complete()}
        onCancel={() => setDoing(null)}
        okText={t('rating.todo.done')}
        okButtonProps={{ disabled: note.trim().length < 2, ...({ 'data-testid': 'rating-todo-confirm' } as Record<string, string>) }}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{t('rating.todo.note')}</span>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} rows={3} data-testid="rating-todo-note" />
        </Space>
      </Modal>
    </Card>
  );
}
