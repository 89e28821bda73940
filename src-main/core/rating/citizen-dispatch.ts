import { citizenCalls } from '../../contract';
import { createSpecDispatcher, type SpecHandlers } from '../dispatch';
import type { Logger } from '../logging/types';

/**
 * The citizen view's dispatcher: validated against `citizenCalls` (show the current case, rate it); every other name,
 * including each of the teller's calls, is an unknown call. The web host gives it its own token, Electron its own
 * window, preload and port.
 */
export function createCitizenDispatcher(handlers: SpecHandlers<typeof citizenCalls>, logger: Logger) {
  return createSpecDispatcher(citizenCalls, handlers, logger.child({ channel: 'citizen' }));
}
