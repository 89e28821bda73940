import type { Guide, ItemKind, TimeLimit } from '../../../src-main/contract/catalog';
import { describeFee, yuan } from '../../../src-main/contract/catalog';
import { t } from '../../i18n';

/** 即办件 / 承诺件 in the current language. */
export function kindLabel(kind: ItemKind): string {
  return t(`catalog.kind.${kind}`);
}

/** '10个工作日', '60日', '即办', '无' in the current language. */
export function limitLabel(limit: TimeLimit | null): string {
  if (limit === null) return t('catalog.limit.none');
  if (limit.value === 0) return t('catalog.limit.immediate');
  return t(`catalog.limit.${limit.unit}`, { n: limit.value });
}

/** 2000 fen → '20.00元'; 0 → '不收费'. */
export function amountLabel(amountFen: number): string {
  if (amountFen === 0) return t('catalog.fee.free');
  return t('catalog.fee.amount', { yuan: yuan(amountFen) });
}

/** The fee with its basis (catalog data); a basis that only repeats the amount is not shown twice. */
export function feeLabel(fee: Guide['fee']): string {
  const amount = amountLabel(fee.amountFen);
  return fee.basis === describeFee(fee.amountFen) ? amount : t('catalog.fee.withBasis', { fee: amount, basis: fee.basis });
}
