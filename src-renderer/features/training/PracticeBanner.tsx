import { Alert } from 'antd';
import { t } from '../../i18n';
import { usePractice } from './store';

/** Across the top of every screen while practice is on: nothing here is a live case. */
export function PracticeBanner() {
  const on = usePractice((s) => s.on);
  if (!on) return null;
  return <Alert type="warning" banner showIcon message={t('practice.bannerTitled', { title: t('nav.practice'), text: t('practice.banner') })} data-testid="practice-banner" />;
}
