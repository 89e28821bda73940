import { useSyncExternalStore } from 'react';
import { en } from './messages/en';
import { zhCN, type MessageKey } from './messages/zh-CN';
import type { CallError, CallIssue, DeviceDetail } from '../../src-main/contract';

/**
 * The one i18n layer: every string the UI shows goes through `t`. Simplified Chinese is the first language,
 * English the second (complete by type: a key without English does not compile).
 */
export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

const catalogs: Record<Locale, Partial<Record<MessageKey, string>>> = { 'zh-CN': zhCN, en };

/**
 * The language chosen in this window is kept for the window (sessionStorage): sign-out and hand-over reload the page,
 * and the sign-in screen comes back in it. Per window, so the citizen's choice on the rating screen is not the
 * teller's; a new start of the terminal begins in Chinese.
 */
const LOCALE_KEY = 'onewindow.locale';
function windowStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage; // absent where the catalogs are tested in Node
  } catch {
    return null; // storage refused by the browser: the choice lasts as long as the page
  }
}

let locale: Locale = windowStorage()?.getItem(LOCALE_KEY) === 'en' ? 'en' : 'zh-CN';
const listeners = new Set<() => void>();
if (typeof document !== 'undefined') document.documentElement.lang = locale;

export function setLocale(next: Locale): void {
  locale = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  windowStorage()?.setItem(LOCALE_KEY, next);
  for (const l of listeners) l();
}

/** Chinese ↔ English (the language switch). */
export function toggleLocale(): void {
  setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN');
}

export function getLocale(): Locale {
  return locale;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogs[locale][key] ?? zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Re-renders the component when the locale changes. */
export function useLocale(): Locale {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => locale,
  );
}

/**
 * What a device says (contract DeviceDetail) in the current language: its message with its values, the nested
 * `cause` put in as {cause}. The core's keys are held against both catalogs by a unit test; an unknown key (a newer
 * core) shows as itself rather than as nothing.
 */
export function tDevice(detail: DeviceDetail): string {
  const text = (d: Pick<DeviceDetail, 'key' | 'params'>, extra?: Record<string, string>) => (isKey(d.key) ? t(d.key, { ...d.params, ...extra }) : d.key);
  return text(detail, detail.cause ? { cause: text(detail.cause) } : undefined);
}

/**
 * What is wrong with one part of an input (contract CallIssue or FieldProblem: an issue key with its values) in the
 * current language. A text that is no key of ours (zod's own English for a check without a key) is said as
 * 'issue.invalid', never shown as it is.
 */
export function tIssue(issue: Pick<CallIssue, 'message' | 'params'>): string {
  return isKey(issue.message) ? t(issue.message, issue.params) : t('issue.invalid');
}

/**
 * A text of the catalog's data (an evaluation reason by its code, say): in Chinese the catalog's own words, which an
 * update of the catalog may change; in English the UI's translation where it has one for `key`, else those words.
 */
export function tCatalog(key: string, own: string): string {
  return locale !== 'zh-CN' && isKey(key) ? t(key) : own;
}

function isKey(key: string): key is MessageKey {
  return key in zhCN;
}

/**
 * A failed call (contract CallError) in the current language: its key with its values when the UI knows the key, else
 * `fallback`, else a general error. Never the error's `message`: that is English text for support.
 */
export function tError(error: Pick<CallError, 'messageKey' | 'params'> | undefined, fallback?: string): string {
  if (error?.messageKey && isKey(error.messageKey)) return t(error.messageKey, error.params);
  return fallback ?? t('error.internal');
}
