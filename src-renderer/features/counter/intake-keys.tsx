import { Space } from 'antd';
import type { KeyboardEvent, ReactNode } from 'react';
import type { ApplicantView, Material } from '../../../src-main/contract';

/** The control of a form field (its input, or the search input of a select), by the field's test id. */
function fieldControl(key: string): HTMLElement | null {
  const el = document.querySelector<HTMLElement>(`[data-testid="field-${key}"]`);
  if (!el) return null;
  return el.matches('input, textarea') ? el : el.querySelector<HTMLElement>('input, textarea');
}

/** Puts the cursor into a field once it is on the screen (after React has rendered the form). */
export function focusField(key: string | undefined): void {
  if (!key) return;
  let tries = 0;
  const attempt = () => {
    const el = fieldControl(key);
    if (el) el.focus();
    else if (++tries < 20) setTimeout(attempt, 25);
  };
  setTimeout(attempt, 0);
}

/**
 * Enter in a field moves to the next field of the item's form; on the last one it confirms. Selects (their own
 * Enter picks an option) and multi-line fields keep their Enter.
 */
export function moveOnEnter(e: KeyboardEvent<HTMLElement>, keys: readonly string[], confirm: () => void): void {
  if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.altKey || e.nativeEvent.isComposing) return;
  const target = e.target as HTMLElement;
  if (target.tagName !== 'INPUT' || target.closest('.ant-select')) return;
  const index = keys.findIndex((k) => fieldControl(k) === target);
  if (index === -1) return;
  e.preventDefault();
  const next = keys[index + 1];
  if (next === undefined) confirm();
  else focusField(next);
}

/** The item's identity-document material (居民身份证…) ticked as received when the applicant's card was just read. */
export function idCardMaterials(materials: readonly Material[], applicant: ApplicantView | null): Record<string, { received: boolean; deferred: boolean }> {
  if (!applicant?.fromCard) return {};
  const id = materials.find((m) => m.name.startsWith('居民身份证'));
  return id ? { [id.code]: { received: true, deferred: false } } : {};
}

/** The case's actions in a bar fixed at the bottom of the window: never scrolled away, whatever the form's length. */
export function CaseActionBar({ children }: { children: ReactNode }) {
  return (
    <div className="case-action-bar" data-testid="case-action-bar">
      <Space size="small" wrap>
        {children}
      </Space>
    </div>
  );
}
