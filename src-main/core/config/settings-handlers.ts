import { existsSync } from 'node:fs';
import { CoreError } from '../../contract';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import type { Handlers } from '../dispatch';
import type { Logger } from '../logging/types';
import { ConfigError, configOnFile, saveConfig } from './load';
import type { TerminalConfig } from './schema';
import { lockedInProduction } from './settings-lock';

type SettingsHandlers = Pick<Handlers, 'getTerminalSettings' | 'saveTerminalSettings'>;

/**
 * Terminal settings for branch IT: the configuration in force and whether its file exists (first run), and saving
 * it — validated, written atomically, audited. The new settings apply when the core restarts: under Electron the
 * core exits and main restarts it; the web host must be restarted by hand.
 */
export function createSettingsHandlers(deps: {
  db: Db;
  config: TerminalConfig;
  configFile: string | undefined;
  host: 'electron' | 'web';
  logger: Logger;
  /** The signed-in person (the audit actor). */
  actor: () => string;
  exit?: () => void;
}): SettingsHandlers {
  const { db, config, configFile } = deps;
  const log = deps.logger.child({ component: 'settings' });
  const audit = createAuditWriter(db);
  return {
    getTerminalSettings: () => ({ configured: !!configFile && existsSync(configFile), configFile: configFile ?? null, config }),
    saveTerminalSettings: ({ config: next }) => {
      if (!configFile) throw new CoreError('conflict', 'this terminal was started without a configuration file', 'error.noConfigFile');
      lockedInProduction(config, next);
      try {
        // The screen edits the settings only: people, retention and pinned keys stay as they are in the file now
        // (people may have been added, changed or disabled since the start).
        const onFile = configOnFile(configFile, config);
        const provisioned = { users: onFile.users, retention: onFile.retention, exports: onFile.exports };
        saveConfig(configFile, { ...next, ...provisioned }, deps.actor(), {
          audit: (e) => audit({ at: new Date().toISOString(), actor: e.actor, action: 'config.save', detail: { changes: e.changes } }),
        });
      } catch (err) {
        if (err instanceof ConfigError) {
          throw new CoreError('invalid_input', err.message, 'error.invalidInput', err.issues.map((i) => ({ path: i.path, message: i.message })));
        }
        throw err;
      }
      log.info({ file: configFile }, 'terminal configuration saved');
      if (deps.host === 'electron') {
        // Main restarts the core with the new configuration.
        setTimeout(deps.exit ?? (() => process.exit(0)), 500);
        return { restart: 'automatic' as const };
      }
      return { restart: 'manual' as const };
    },
  };
}
