/**
 * Keyboard selection in the item search list, as a pure reducer: ArrowDown/ArrowUp move (wrapping),
 * Home/End jump, PageDown/PageUp move by 5, Enter picks the active hit, Escape clears.
 */
export interface NavState {
  active: number;
  count: number;
}

export type NavAction =
  | { type: 'results'; count: number }
  | { type: 'key'; key: string }
  | { type: 'hover'; index: number };

export type NavOutcome = { state: NavState; pick: number | null; clear: boolean; handled: boolean };

export function navigate(state: NavState, action: NavAction): NavOutcome {
  const done = (next: NavState, extra: Partial<NavOutcome> = {}): NavOutcome => ({ state: next, pick: null, clear: false, handled: true, ...extra });
  switch (action.type) {
    case 'results':
      return done({ active: action.count > 0 ? 0 : -1, count: action.count });
    case 'hover':
      return done({ ...state, active: action.index >= 0 && action.index < state.count ? action.index : state.active });
    case 'key': {
      const { count, active } = state;
      if (action.key === 'Escape') return done(state, { clear: true });
      if (count === 0) return { state, pick: null, clear: false, handled: false };
      switch (action.key) {
        case 'ArrowDown':
          return done({ count, active: (active + 1) % count });
        case 'ArrowUp':
          return done({ count, active: active <= 0 ? count - 1 : active - 1 });
        case 'PageDown':
          return done({ count, active: Math.min(count - 1, active + 5) });
        case 'PageUp':
          return done({ count, active: Math.max(0, active - 5) });
        case 'Home':
          return done({ count, active: 0 });
        case 'End':
          return done({ count, active: count - 1 });
        case 'Enter':
          return done(state, { pick: active >= 0 ? active : null });
        default:
          return { state, pick: null, clear: false, handled: false };
      }
    }
  }
}
