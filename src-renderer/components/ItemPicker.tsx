import { useEffect } from 'react';
import { api } from '../api/client';
import { ItemSearchBox, useItemSearch } from '../features/catalog';
import { useTerminal } from '../stores/terminal';

/**
 * Keyboard-first item search: type Chinese, pinyin, initials or a code; arrows move, Enter picks the highlighted hit
 * (the first one unless the teller moved), deterministically even while results are still arriving.
 */
export function ItemPicker() {
  const setItem = useTerminal((s) => s.setItem);
  const search = useItemSearch();
  const applicantId = useTerminal((s) => s.applicant?.applicantId);
  // A card just read (or typed in): the next thing the teller does is pick the item, so the cursor goes there.
  useEffect(() => {
    if (applicantId && !useTerminal.getState().item) document.querySelector<HTMLInputElement>('[data-testid="item-search"] input')?.focus();
  }, [applicantId]);
  return (
    <div data-testid="item-search">
      <ItemSearchBox
        autoFocus={false}
        search={search}
        onSelect={(hit) => void api.getItem({ code: hit.code }).then(setItem)}
      />
    </div>
  );
}
