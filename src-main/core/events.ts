import { events, type EventName, type EventPayload } from '../contract';
import type { Logger } from './logging/types';

type Listener = (event: string, payload: unknown) => void;

/** Core → renderer events, each checked against the contract before it leaves. */
export function createEventBus(logger: Logger) {
  const listeners = new Set<Listener>();
  return {
    emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
      const checked = events[name].safeParse(payload);
      if (!checked.success) {
        logger.error({ event: name, issues: checked.error.issues.map((i) => i.path.join('.')) }, 'event outside the contract dropped');
        return;
      }
      for (const l of listeners) {
        try {
          l(name, checked.data);
        } catch (err) {
          logger.warn({ event: name, err: String(err) }, 'event listener failed');
        }
      }
    },
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
