import { Select, Tag } from 'antd';
import { useRef, useState } from 'react';
import type { ItemSummary } from '../../src-main/contract';
import { api } from '../api/client';
import { t } from '../i18n';
import { useTerminal } from '../stores/terminal';

/** Keyboard-first item search: type Chinese, pinyin, initials or a code; arrows and Enter pick. */
export function ItemPicker() {
  const item = useTerminal((s) => s.item);
  const setItem = useTerminal((s) => s.setItem);
  const [hits, setHits] = useState<ItemSummary[]>([]);
  const latest = useRef(0);

  async function search(query: string) {
    const ticket = ++latest.current;
    const found = query.trim() ? await api.searchCatalog({ query: query.trim(), limit: 10 }) : [];
    if (ticket === latest.current) setHits(found);
  }

  async function pick(code: string) {
    setItem(await api.getItem({ code }));
  }

  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (q: string) => void search(q) }}
      value={item?.code ?? null}
      placeholder={t('item.searchPlaceholder')}
      notFoundContent={t('item.none')}
      onChange={(code: string) => void pick(code)}
      style={{ width: '100%' }}
      size="large"
      data-testid="item-search"
      defaultActiveFirstOption
      options={(item && !hits.some((h) => h.code === item.code)
        ? [{ code: item.code, name: item.name, mainName: '', kind: item.kind, endpoint: item.endpoint }, ...hits]
        : hits
      ).map((h) => ({
        value: h.code,
        label: (
          <span data-testid={`item-option-${h.code}`}>
            {h.name} <Tag>{h.code}</Tag>
            {h.mainName && <span style={{ color: '#888' }}>{h.mainName}</span>}{' '}
            <Tag color={h.kind === 'immediate' ? 'green' : 'blue'}>{t(`item.kind.${h.kind}`)}</Tag>
          </span>
        ),
      }))}
    />
  );
}
