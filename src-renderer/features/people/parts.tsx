import { Tag } from 'antd';
import type { Role, WindowState } from '../../../src-main/contract';
import { t } from '../../i18n';
import { chinaDateTime } from '../counter/china-time';

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color="blue">
          {t(`people.role.${r}`)}
        </Tag>
      ))}
    </>
  );
}

export function DraftLine({ d }: { d: WindowState['openDrafts'][number] }) {
  return <div>{t('people.draft', { item: d.itemCode ?? '—', by: d.savedBy ?? '—', at: chinaDateTime(d.savedAt) })}</div>;
}
