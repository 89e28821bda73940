import { Button, Modal, Space, Typography } from 'antd';
import type { SignedIn } from '../../../src-main/contract';
import { api } from '../../api/client';
import { t } from '../../i18n';
import { RoleTags } from './parts';

/** Who is signed in, with sign-out and hand-over; both reload the page so nothing of the last person stays on screen. */
export function SessionBar({ who }: { who: SignedIn }) {
  function handOver() {
    Modal.confirm({
      title: t('people.handOver'),
      content: t('people.handOver.confirm'),
      onOk: async () => {
        await api.handOver({});
        window.location.reload();
      },
    });
  }
  return (
    <Space className="session-bar" data-testid="session-bar" data-user={who.id}>
      <Typography.Text strong>{t('people.signedIn', { name: who.name, id: who.id })}</Typography.Text>
      <RoleTags roles={who.roles} />
      <Button size="small" onClick={handOver} data-testid="hand-over">
        {t('people.handOver')}
      </Button>
      <Button
        size="small"
        data-testid="sign-out"
        onClick={() => void api.signOut({}).then(() => window.location.reload())}
      >
        {t('people.signOut')}
      </Button>
    </Space>
  );
}
