import { chinaMinute } from '../../../src-main/contract';

/**
 * Times as the counter reads them: China time (Asia/Shanghai, UTC+8 all year) whatever the zone of the machine or
 * browser, from the contract's one conversion so that screens, receipts and logs agree.
 */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return chinaMinute(iso) ?? iso;
}

/** '19:23' */
export function chinaClock(iso: string): string {
  return chinaDateTime(iso).slice(11, 16);
}

/** '2026-12-05' */
export function chinaDay(iso: string): string {
  return chinaDateTime(iso).slice(0, 10);
}

/** Today's date in China. */
export function chinaToday(): string {
  return chinaMinute(Date.now())!.slice(0, 10);
}

/** A log line's time (RFC 3339 with its own offset) in China time with seconds: '12-05 19:23:34'. */
export function chinaSeconds(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Date(ms + 8 * 3600_000).toISOString().slice(5, 19).replace('T', ' ');
}
