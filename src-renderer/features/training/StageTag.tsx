import { Tag } from 'antd';
import type { ItemProgressView } from '../../../src-main/contract';
import { t, type MessageKey } from '../../i18n';

const STAGE_COLOR: Record<ItemProgressView['stage'], string> = { new: 'default', studied: 'blue', practised: 'orange', signed_off: 'green' };

/** Where a teller stands with an item, as a coloured tag (with the sign-off date where `dated`). */
export function StageTag({ p, dated = false }: { p: ItemProgressView; dated?: boolean }) {
  return (
    <Tag color={STAGE_COLOR[p.stage]} data-testid={`stage-${p.itemCode}`} data-stage={p.stage} data-teller={p.tellerId}>
      {t(`practice.stage.${p.stage}` as MessageKey)}
      {dated && p.signedOffAt ? ` ${p.signedOffAt.slice(0, 10)}` : ''}
    </Tag>
  );
}
