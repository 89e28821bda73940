import { App, Button, Card, Checkbox, Form, Input, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Role, UserView } from '../../../src-main/contract';
import { api, ApiError } from '../../api/client';
import { t, tError } from '../../i18n';
import { RoleTags } from './parts';

const ROLES: Role[] = ['teller', 'mentor', 'branch_admin', 'support'];

/** Branch admin: the people who may sign in at this terminal (saved to the configuration file, audited). */
export function UsersPage() {
  const { message } = App.useApp();
  const [users, setUsers] = useState<UserView[]>([]);
  const [form] = Form.useForm<{ id: string; name: string; roles: Role[]; disabled: boolean; pin?: string }>();
  useEffect(() => {
    void api.listUsers({}).then(setUsers);
  }, []);
  async function save(v: { id: string; name: string; roles: Role[]; disabled: boolean; pin?: string }) {
    try {
      setUsers(await api.saveUser({ ...v, id: v.id.trim().toUpperCase(), pin: v.pin ? v.pin : undefined }));
      form.resetFields();
      void message.success(t('people.users.saved'));
    } catch (err) {
      if (err instanceof ApiError) void message.error(tError(err.error));
    }
  }
  return (
    <Card title={t('people.users.title')} data-testid="users">
      <Typography.Paragraph type="secondary">{t('people.users.hint')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={users}
        onRow={(u) => ({ onClick: () => form.setFieldsValue({ ...u, pin: '' }) })}
        columns={[
          { title: t('people.users.id'), dataIndex: 'id' },
          { title: t('people.users.name'), dataIndex: 'name' },
          { title: t('people.users.roles'), render: (_: unknown, u: UserView) => <RoleTags roles={u.roles} /> },
          { title: t('people.users.disabled'), render: (_: unknown, u: UserView) => (u.disabled ? '✓' : '') },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 16 }} initialValues={{ roles: ['teller'], disabled: false }} onFinish={(v) => void save(v)}>
        <Form.Item name="id" label={t('people.users.id')} rules={[{ required: true }]}>
          <Input data-testid="user-id" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="name" label={t('people.users.name')} rules={[{ required: true }]}>
          <Input data-testid="user-name" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="roles" label={t('people.users.roles')} rules={[{ required: true }]}>
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`people.role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="disabled" label={t('people.users.disabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="pin" label={t('people.users.pin')}>
          <Input.Password data-testid="user-pin" style={{ width: 140 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="user-save">
            {t('people.users.save')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
