import { Alert, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { CatalogItem } from '../../../src-main/contract';
import { api } from '../../api/client';
import { t } from '../../i18n';
import { usePractice } from './store';

type Gate = Awaited<ReturnType<typeof api.itemGate>>;

/**
 * Before a live case of an item the signed-in teller is not signed off for: a warning, or (where the branch asks it)
 * the mentor's co-signature typed at the window (交叉式), sent with the case and checked by the core.
 */
export function ItemGateNotice({ item }: { item: CatalogItem }) {
  const on = usePractice((s) => s.on);
  const cosign = usePractice((s) => s.cosign);
  const setCosign = usePractice((s) => s.setCosign);
  const [gate, setGate] = useState<Gate | null>(null);
  useEffect(() => {
    setCosign(null);
    setGate(null);
    if (!on) void api.itemGate({ itemCode: item.code }).then(setGate);
  }, [item.code, on, setCosign]);
  if (on || !gate || gate.allowed) return null;
  if (gate.needs === 'warning') return <Alert type="warning" showIcon message={t('gate.warning', { name: item.name })} data-testid="gate-warning" />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="gate-cosign"
      message={t('gate.cosign', { name: item.name })}
      description={
        <Space>
          <Input
            placeholder={t('gate.cosign.mentorId')}
            style={{ width: 120 }}
            data-testid="cosign-mentor"
            value={cosign?.mentorId ?? ''}
            onChange={(e) => setCosign({ mentorId: e.target.value.trim().toUpperCase(), mentorPin: cosign?.mentorPin ?? '' })}
          />
          <Input.Password
            placeholder={t('gate.cosign.pin')}
            style={{ width: 120 }}
            autoComplete="off"
            data-testid="cosign-pin"
            value={cosign?.mentorPin ?? ''}
            onChange={(e) => setCosign({ mentorId: cosign?.mentorId ?? '', mentorPin: e.target.value })}
          />
        </Space>
      }
    />
  );
}
