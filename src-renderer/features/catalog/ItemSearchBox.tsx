import { Input, type InputRef } from 'antd';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ItemHit, ItemSummary } from '../../../src-main/contract/catalog';
import { t } from '../../i18n';
import { kindLabel } from './format';
import { navigate, type NavState } from './search-nav';
import { EmptyState } from '../counter/EmptyState';

export interface ItemSearchBoxProps {
  /**
   * Runs one search on every keystroke: an array is shown in the same render as the key (the local index), a promise
   * when it answers (stale answers are dropped).
   */
  search: (query: string) => Promise<readonly (ItemHit | ItemSummary)[]> | readonly (ItemHit | ItemSummary)[];
  /** The teller picked an item (Enter or click). */
  onSelect: (hit: ItemSummary) => void;
  autoFocus?: boolean;
  /** Defaults to the catalog's own hint (names, pinyin, initials, codes). */
  placeholder?: string;
}

/**
 * Keyboard-only item search: type Chinese, pinyin, initials (cbdj), a code or a synonym; ↑/↓ move,
 * Enter picks (and closes the list), Esc clears. Implements the ARIA combobox pattern so screen readers and tests can follow it.
 */
export function ItemSearchBox({ search, onSelect, autoFocus = true, placeholder }: ItemSearchBoxProps) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly (ItemHit | ItemSummary)[]>([]);
  // The query the shown hits answer (the list's data-results-for, for tests and the ui-keystroke benchmark).
  const [hitsFor, setHitsFor] = useState('');
  const [nav, setNav] = useState<NavState>({ active: -1, count: 0 });
  // The list closes once an item is picked; typing or ↑/↓ opens it again.
  const [open, setOpen] = useState(true);
  const ticket = useRef(0);
  const input = useRef<InputRef>(null);
  const listId = useId();
  // The latest search function, so that a parent re-rendering with a new closure does not search again.
  const searchRef = useRef(search);
  searchRef.current = search;

  /** The query changed: search it, in the same render when the answer is at hand. */
  function changeQuery(text: string) {
    setQuery(text);
    const mine = ++ticket.current;
    const q = text.trim();
    if (!q) {
      setHits([]);
      setNav({ active: -1, count: 0 });
      return;
    }
    const show = (found: readonly (ItemHit | ItemSummary)[]) => {
      if (mine !== ticket.current) return;
      setHits(found);
      setHitsFor(q);
      setNav((n) => navigate(n, { type: 'results', count: found.length }).state);
    };
    const found = searchRef.current(q);
    if (found instanceof Promise) void found.then(show);
    else show(found);
  }

  function pick(index: number) {
    const hit = hits[index];
    if (!hit) return;
    setOpen(false);
    onSelect({ code: hit.code, name: hit.name, mainName: hit.mainName, kind: hit.kind, endpoint: hit.endpoint });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (!open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setOpen(true);
      return;
    }
    if (!open && e.key !== 'Escape') return;
    const out = navigate(nav, { type: 'key', key: e.key });
    if (!out.handled) return;
    e.preventDefault();
    setNav(out.state);
    if (out.clear) {
      changeQuery('');
      setOpen(true);
    }
    if (out.pick !== null) pick(out.pick);
  }

  const optionId = (i: number) => `${listId}-opt-${i}`;
  return (
    <div className="catalog-search" data-testid="catalog-search">
      <Input
        ref={input}
        size="large"
        value={query}
        autoFocus={autoFocus}
        allowClear
        placeholder={placeholder ?? t('catalog.search.placeholder')}
        onChange={(e) => {
          changeQuery(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && nav.active >= 0 ? optionId(nav.active) : undefined}
        aria-label={t('catalog.search.label')}
        data-testid="catalog-search-input"
      />
      {open && query.trim() && (
        <ul id={listId} role="listbox" data-results-for={hitsFor} aria-label={t('catalog.search.results')} className="search-hits">
          {hits.length === 0 && (
            <li style={{ padding: 12 }}>
              <EmptyState text={t('catalog.search.empty')} />
            </li>
          )}
          {hits.map((h, i) => (
            <li
              key={h.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === nav.active}
              data-testid={`catalog-hit-${h.code}`}
              onMouseEnter={() => setNav((n) => navigate(n, { type: 'hover', index: i }).state)}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(i);
              }}
              className="search-hit"
            >
              <span className="search-hit-name">{h.name}</span>
              <span className="search-hit-tag">{h.code}</span>
              <span className="search-hit-main">{h.mainName}</span>
              <span className={`search-hit-tag search-hit-${h.kind}`}>{kindLabel(h.kind)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
