import { Empty } from 'antd';
import { t } from '../../i18n';

/** The one empty state of every page and table: the same small picture and a sentence saying what is missing. */
export function EmptyState({ text, testId }: { text?: string; testId?: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text ?? t('counter.empty')} data-testid={testId ?? 'empty-state'} className="empty-state" />;
}
