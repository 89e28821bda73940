import { fieldLabel, yuan, type CatalogItem, type Mistake } from '../../../src-main/contract';
import { t, type MessageKey } from '../../i18n';

/**
 * One mistake in words: field and material labels from the item's definition (a field by the label the intake form
 * shows, an amount in 元 though the check compares fen), states through the i18n layer.
 */
export function mistakeText(m: Mistake, item: CatalogItem | null): string {
  const empty = (v: string) => v || t('practice.empty');
  switch (m.kind) {
    case 'form': {
      const field = item?.form.find((f) => f.key === m.ref);
      const shown = (v: string) => (field?.type === 'amountFen' && /^\d+$/.test(v) ? t('common.amount', { yuan: yuan(Number(v)) }) : empty(v));
      return t('practice.mistake.form', { label: field ? fieldLabel(field) : (m.ref ?? ''), expected: shown(m.expected), actual: shown(m.actual) });
    }
    case 'material':
      return t('practice.mistake.material', {
        label: item?.materials.find((x) => x.code === m.ref)?.name ?? m.ref ?? '',
        expected: t(`practice.material.${m.expected}` as MessageKey),
        actual: t(`practice.material.${m.actual}` as MessageKey),
      });
    case 'outcome':
      return t('practice.mistake.outcome', { expected: t(`practice.outcome.${m.expected}` as MessageKey), actual: t(`practice.outcome.${m.actual}` as MessageKey) });
    case 'applicant':
      return t('practice.mistake.applicant');
    default:
      return t(`practice.mistake.${m.kind}` as MessageKey, { expected: empty(m.expected), actual: empty(m.actual) });
  }
}
