import type { CallResult } from '../contract';
import type { CoreLink } from './server';

/**
 * The core as the web host reaches it while the core is still starting. The host serves the page first and starts
 * the core beside it, so Chromium loads and parses the renderer while Node opens the database, the devices and the
 * sync engine (npm run bench -- cold-start: the two overlap on two cores instead of following each other). A call that
 * arrives before the core is up waits for it; events are delivered from the moment it is up; if the core cannot
 * start, every waiting and later call answers `unavailable` (and the host process exits, saying why).
 */
export interface DeferredCore {
  link: CoreLink;
  /** The core is up: waiting calls go through, listeners are attached. */
  ready(core: CoreLink): void;
  /** The core could not start. */
  failed(): void;
}

const NOT_STARTED: CallResult<never> = { ok: false, error: { code: 'unavailable', message: 'the terminal core did not start', messageKey: 'error.internal' } };

export function deferredCore(): DeferredCore {
  let settle!: (core: CoreLink | null) => void;
  const started = new Promise<CoreLink | null>((resolve) => (settle = resolve));
  return {
    link: {
      async dispatch(name, input) {
        const core = await started;
        return core ? core.dispatch(name, input) : NOT_STARTED;
      },
      async citizenDispatch(name, input) {
        const core = await started;
        return core?.citizenDispatch ? core.citizenDispatch(name, input) : NOT_STARTED;
      },
      subscribe(listener) {
        let unsubscribe: (() => void) | null = null;
        let gone = false;
        void started.then((core) => {
          if (core && !gone) unsubscribe = core.subscribe(listener);
        });
        return () => {
          gone = true;
          unsubscribe?.();
        };
      },
    },
    ready: (core) => settle(core),
    failed: () => settle(null),
  };
}
