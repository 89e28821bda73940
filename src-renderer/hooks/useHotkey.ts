import { useEffect, useRef } from 'react';

/** Binds a function key or a combination like 'Ctrl+Enter' for the lifetime of the component. */
export function useHotkey(combo: string, handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const parts = combo.split('+');
    const key = parts.at(-1)!;
    const ctrl = parts.includes('Ctrl');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === key && e.ctrlKey === ctrl && !e.repeat) {
        e.preventDefault();
        ref.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [combo, enabled]);
}
