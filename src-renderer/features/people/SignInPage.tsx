import { Alert, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { SignedIn, WindowState } from '../../../src-main/contract';
import { api, ApiError } from '../../api/client';
import { t, tError } from '../../i18n';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { DraftLine, RoleTags } from './parts';

/** The sign-in screen shown before any work screen: teller id + PIN; demo accounts only in development. */
export function SignInPage({ state, onSignedIn }: { state: WindowState; onSignedIn: (who: SignedIn) => void }) {
  const [form] = Form.useForm<{ userId: string; pin: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(values: { userId: string; pin: string }) {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn({ userId: values.userId.trim().toUpperCase(), pin: values.pin }));
    } catch (err) {
      form.setFieldValue('pin', '');
      setError(tError(err instanceof ApiError ? err.error : undefined));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card
      title={t('people.signIn.title')}
      extra={<LanguageSwitch type="link" data-testid="sign-in-language" />}
      style={{ maxWidth: 520, margin: '48px auto' }}
      data-testid="sign-in"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('people.signIn.hint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} data-testid="sign-in-error" />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="userId" label={t('people.signIn.userId')} rules={[{ required: true }]}>
            <Input autoFocus autoComplete="username" data-testid="sign-in-user" />
          </Form.Item>
          <Form.Item name="pin" label={t('people.signIn.pin')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" inputMode="numeric" data-testid="sign-in-pin" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="sign-in-submit">
            {t('people.signIn.submit')}
          </Button>
        </Form>
        {state.openDrafts.length > 0 && (
          <Alert
            type="warning"
            message={t('people.signIn.openDrafts')}
            description={state.openDrafts.map((d) => <DraftLine key={d.caseId} d={d} />)}
            data-testid="sign-in-drafts"
          />
        )}
        {state.demoUsers && (
          <Alert
            type="info"
            message={t('people.signIn.demo')}
            data-testid="sign-in-demo"
            description={
              <List
                size="small"
                dataSource={state.demoUsers}
                renderItem={(u) => (
                  <List.Item>
                    <Space>
                      <Typography.Text code>{u.id}</Typography.Text>
                      <Tag>{t('people.signIn.demoPin', { pin: u.pin })}</Tag>
                      <RoleTags roles={u.roles} />
                    </Space>
                  </List.Item>
                )}
              />
            }
          />
        )}
      </Space>
    </Card>
  );
}
