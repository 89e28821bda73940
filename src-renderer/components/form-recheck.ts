import type { FormInstance } from 'antd';

/**
 * A field whose error is on screen is checked again at each change (onValuesChange), so the error goes as soon as the
 * value is right; a field without an error is still first checked as the teller leaves it. For forms of flat names.
 */
export function recheckShownErrors(form: FormInstance, changed: Record<string, unknown>): void {
  const shown = Object.keys(changed).filter((name) => form.getFieldError(name).length > 0);
  // A value still wrong keeps its error on screen: the refusal itself needs no handling.
  if (shown.length > 0) form.validateFields(shown).catch(() => undefined);
}
