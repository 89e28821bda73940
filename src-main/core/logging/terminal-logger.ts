import path from 'node:path';
import type { TerminalConfig } from '../config/schema';
import { createLogger } from './logger';
import type { RootLogger } from './types';

/** The logger of a terminal process as its file configures it: `<data folder>/logs`, its level and retention. */
export function terminalLogger(config: TerminalConfig, dataDir: string, component: string): RootLogger {
  return createLogger({ dir: path.join(dataDir, 'logs'), terminalId: config.terminalId, component, level: config.logging.level, retentionDays: config.logging.retentionDays });
}
