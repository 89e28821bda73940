import type { CatalogItem, FormField } from '../../src-main/contract';

/** A valid value for any form field (test data: fictitious but well-formed). */
export function validValue(field: FormField): string | number {
  switch (field.type) {
    case 'enum':
      return field.options[0]!.value;
    case 'mobile':
    case 'phone':
      return '13905771234';
    case 'idNumber':
      return '11010519491231002X';
    case 'creditCode':
      return '91350100M000100Y43';
    case 'bankCard':
      return '4111111111111111';
    case 'date':
      return '2026-11-02';
    case 'month':
      return '2026-11';
    case 'amountFen':
      return Math.max(field.minFen ?? 0, 10000);
    case 'integer':
      return Math.max(field.min ?? 1, 1);
    case 'text':
    case 'textarea':
      return '测试内容';
  }
}

/** Every field of the item's form filled with a valid value. */
export function validForm(item: CatalogItem): Record<string, string | number> {
  return Object.fromEntries(item.form.map((f) => [f.key, validValue(f)]));
}
