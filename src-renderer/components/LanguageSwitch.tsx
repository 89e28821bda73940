import { Button, type ButtonProps } from 'antd';
import { t, toggleLocale, useLocale } from '../i18n';

/** The one language switch (中文 / English), named in the language it switches to; the look is the caller's. */
export function LanguageSwitch(props: Omit<ButtonProps, 'onClick' | 'children'> & { 'data-testid'?: string }) {
  useLocale();
  return (
    <Button {...props} onClick={toggleLocale}>
      {t('app.language')}
    </Button>
  );
}
