import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from './core/core';
import type { DeviceManager } from './core/devices/device-manager';
import type { WindowSession } from './core/people/window-session';
import type { TerminalConfig } from './core/config/schema';
import { keyProviderFromEnv, loadDataKey } from './core/crypto/key-provider';
import { terminalLogger } from './core/logging';
import type { Logger } from './core/logging/types';
import { DEFAULT_TUNING, type SyncTuning } from './core/sync';
import { appRoot } from './core/util/paths';
import { startSimulator, type Simulator } from './simulator';

export interface TerminalOptions {
  config: TerminalConfig;
  dataDir: string;
  host: 'electron' | 'web';
  /** Master key for data at rest; by default from the key provider the environment names (core/crypto/key-provider.ts). */
  dataKey?: Buffer;
  logger?: Logger;
  syncTuning?: Partial<SyncTuning>;
  /** The configuration file the config came from; device settings saved on the screen are written back to it. */
  configFile?: string;
  /** A vendor WLT decoder for the ID-card photo, where one is installed (none is shipped). */
  photoDecoder?: CoreOptions['photoDecoder'];
  /** Tests: a moved or frozen clock for the core. */
  clock?: () => number;
}

export interface Terminal {
  core: Core;
  config: TerminalConfig;
  /** The built-in simulator, when an endpoint had no URL configured. */
  simulator: Simulator | null;
  logger: Logger;
  close(): Promise<void>;
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Sync timing overrides from ONEWINDOW_SYNC_TUNING (JSON of SyncTuning numbers), for tests and for support
 * diagnosing a line. Unknown keys or non-numbers are refused.
 */
export function syncTuningFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<SyncTuning> | undefined {
  const text = env.ONEWINDOW_SYNC_TUNING;
  if (!text) return undefined;
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('ONEWINDOW_SYNC_TUNING: not a JSON object');
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in DEFAULT_TUNING)) throw new Error(`ONEWINDOW_SYNC_TUNING: unknown key ${key}`);
    if (typeof value !== 'number' || !(value >= 0)) throw new Error(`ONEWINDOW_SYNC_TUNING: ${key} must be a non-negative number`);
  }
  return parsed as Partial<SyncTuning>;
}

/**
 * Reads and validates a terminal configuration file (every wrong field named). No file named, or a named file that
 * does not exist yet (first run: branch IT creates it on the first-run screen) → the embedded defaults.
 */
export { readConfigFile } from './core/config/load';

/**
 * Starts a terminal on its embedded defaults where nothing else is configured: local SQLite in the data folder,
 * the built-in simulator of both private lines for endpoints without a URL (development and training only),
 * emulated devices unless ports are configured.
 */
export async function startTerminal(opts: TerminalOptions): Promise<Terminal> {
  let config = opts.config;
  const logger = opts.logger ?? terminalLogger(config, opts.dataDir, opts.host === 'web' ? 'webhost' : 'core');
  let simulator: Simulator | null = null;
  if (config.endpoints.si.url === null || config.endpoints.tax.url === null) {
    if (config.mode === 'production') throw new Error('configuration: endpoints.si.url and endpoints.tax.url are required in production mode');
    simulator = await startSimulator({ siPort: 0, taxPort: 0, dataFile: path.join(opts.dataDir, 'simulator.db') });
    config = {
      ...config,
      endpoints: {
        si: { ...config.endpoints.si, url: config.endpoints.si.url ?? simulator.si.url },
        tax: { ...config.endpoints.tax, url: config.endpoints.tax.url ?? simulator.tax.url },
      },
    };
    logger.info({ si: simulator.si.url, tax: simulator.tax.url }, 'built-in private-line simulator started');
  }
  const dataKey = opts.dataKey ?? loadDataKey(keyProviderFromEnv(), { mode: config.mode, dataDir: opts.dataDir });
  const syncTuning = opts.syncTuning ?? syncTuningFromEnv();
  const core = await createCore({
    config,
    dataDir: opts.dataDir,
    dataKey,
    logger,
    host: opts.host,
    version: appVersion(),
    syncTuning,
    configFile: opts.configFile,
    openPractice: (devices, session) => openPracticeWorkspace({ config, dataDir: opts.dataDir, dataKey, logger, host: opts.host, syncTuning, devices, session }),
    ...(opts.photoDecoder ? { photoDecoder: opts.photoDecoder } : {}),
    clock: opts.clock,
    provisionedConfig: opts.config,
  });
  return {
    core,
    config,
    simulator,
    logger,
    async close() {
      await core.close();
      await simulator?.close();
    },
  };
}

/**
 * The practice (练习) workspace: a core of its own in `<data>/practice/` (its own database), in training mode, sending
 * only to a built-in simulator of its own, on the window's devices (prints marked 培训样张).
 */
async function openPracticeWorkspace(o: {
  config: TerminalConfig;
  dataDir: string;
  dataKey: Buffer;
  logger: Logger;
  host: 'electron' | 'web';
  syncTuning: Partial<SyncTuning> | undefined;
  devices: DeviceManager;
  session: WindowSession;
}): Promise<Core> {
  const dir = path.join(o.dataDir, 'practice');
  mkdirSync(dir, { recursive: true });
  const sim = await startSimulator({ siPort: 0, taxPort: 0, dataFile: path.join(dir, 'simulator.db') });
  const endpoint = (url: string, timeoutMs: number) => ({ url, timeoutMs });
  try {
    const core = await createCore({
      config: {
        ...o.config,
        mode: 'training',
        endpoints: { si: endpoint(sim.si.url, o.config.endpoints.si.timeoutMs), tax: endpoint(sim.tax.url, o.config.endpoints.tax.timeoutMs) },
      },
      dataDir: dir,
      dataKey: o.dataKey,
      logger: o.logger.child({ workspace: 'practice' }),
      host: o.host,
      version: appVersion(),
      syncTuning: o.syncTuning,
      sharedDevices: o.devices,
      sharedSession: o.session,
    });
    o.logger.info({ si: sim.si.url, tax: sim.tax.url }, 'practice workspace opened');
    return {
      ...core,
      async close() {
        await core.close();
        await sim.close();
      },
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}
