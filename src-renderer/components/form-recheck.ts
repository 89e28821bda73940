import type { FormInstance } from 'antd';

/** Names of the fields in a form's changed values: { endpoints: { si: { url } } } → [['endpoints', 'si', 'url']]. */
function changedNames(value: unknown, prefix: string[] = []): string[][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => changedNames(v, [...prefix, k]));
  return [prefix];
}

/**
 * A field whose error is on screen is checked again at each change (onValuesChange), so the error goes as soon as the
 * value is right. The error is taken down, and the field's own rules (the intake's) put it back while the value is
 * still wrong; a field without rules, whose error came from a refused save (the settings), keeps it down: antd's
 * validateFields passes such fields by, and a validation in progress clears a field's errors the same way. A field
 * without an error is still first checked as the teller leaves it.
 */
export function recheckShownErrors(form: FormInstance, changed: unknown): void {
  const shown = changedNames(changed).filter((name) => form.getFieldError(name).length > 0);
  if (shown.length === 0) return;
  form.setFields(shown.map((name) => ({ name, errors: [] })));
  // A value still wrong gets its error back from its rules: the refusal itself needs no handling.
  form.validateFields(shown).catch(() => undefined);
}
