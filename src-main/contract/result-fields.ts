import { yuan, type CatalogItem } from './catalog';

/** Chinese labels of the result keys the private lines return (contract §cases, §contributions). */
export const RESULT_FIELD_LABELS: Readonly<Record<string, string>> = {
  registrationNo: '登记编号',
  certificateNo: '证明编号',
  completedAt: '办结时间',
  receiptNo: '缴费凭证号',
  paidAt: '缴费时间',
  amountFen: '金额',
  cardNo: '卡号',
};

/** Keys whose value is an instant (RFC 3339), shown as China time 2026-12-05 19:23. */
const TIME_KEYS = /At$/;

/** An RFC 3339 instant as China time, minutes: '2026-12-05T11:23:34.238Z' → '2026-12-05 19:23' (null if not a time). */
export function chinaMinute(iso: string | number): string | null {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 12345 fen → '123.45元'. */
export function yuanText(fen: number): string {
  return `${fen < 0 ? '-' : ''}${yuan(Math.abs(fen))}元`;
}

/**
 * A case's result as the teller reads it: each field with its Chinese label (the item's own, else the catalog-wide
 * one), times in China time, amounts in 元. Keys without any label keep their key (never dropped).
 */
export function resultEntries(result: Record<string, unknown> | null | undefined, item?: Pick<CatalogItem, 'resultFields'> | null): [string, string][] {
  if (!result) return [];
  return Object.entries(result)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => {
      const label = item?.resultFields?.[k] ?? RESULT_FIELD_LABELS[k] ?? k;
      if (k.endsWith('Fen') && typeof v === 'number') return [label, yuanText(v)];
      if (TIME_KEYS.test(k) && typeof v === 'string') return [label, chinaMinute(v) ?? v];
      return [label, String(v)];
    });
}
