import { CoreError } from '../../contract';
import type { configSchema as settingsSchema } from '../../contract/config';
import type { z } from 'zod';
import type { TerminalConfig } from './schema';

export type ContractTerminalConfig = z.infer<typeof settingsSchema>;

/**
 * In production the mode and the endpoints come only from the provisioned file: a save from the settings screen that
 * would change them is refused (branch IT changes the file itself, under its own change control).
 */
export function lockedInProduction(current: TerminalConfig, next: ContractTerminalConfig): void {
  if (current.mode !== 'production') return;
  const issues: { path: string; message: string }[] = [];
  if (next.mode !== current.mode) issues.push({ path: 'mode', message: 'fixed by the provisioned file in production' });
  for (const name of ['si', 'tax'] as const) {
    if (JSON.stringify(next.endpoints[name]) !== JSON.stringify(current.endpoints[name])) {
      issues.push({ path: `endpoints.${name}`, message: 'fixed by the provisioned file in production' });
    }
  }
  if (issues.length > 0) throw new CoreError('forbidden', 'mode and endpoints cannot be changed from the screen in production', 'error.lockedInProduction', issues);
}

/** Contract, "Transport and identity": plain http:// only in training or development mode (also for a config object
 * built in code, e.g. with command-line endpoint overrides). */
export function assertEndpointsAllowed(config: TerminalConfig): void {
  if (config.mode !== 'production') return;
  for (const name of ['si', 'tax'] as const) {
    const url = config.endpoints[name].url;
    if (url && /^http:\/\//i.test(url)) throw new Error(`configuration: endpoints.${name}.url: production needs https:// (plain http only in training or development)`);
  }
}

/**
 * Command-line endpoint overrides (the web host's --si-url / --tax-url, for training against another simulator or a
 * test line). In production the endpoints come only from the provisioned file, as from the settings screen
 * (lockedInProduction): an override there is refused, not applied.
 */
export function withEndpointOverrides(config: TerminalConfig, urls: { si?: string; tax?: string }): TerminalConfig {
  const named = (['si', 'tax'] as const).filter((name) => urls[name] !== undefined);
  if (named.length === 0) return config;
  if (config.mode === 'production') {
    throw new Error(`${named.map((n) => `--${n}-url`).join(' and ')}: the endpoints of a production terminal come only from its provisioned file`);
  }
  return {
    ...config,
    endpoints: {
      si: { ...config.endpoints.si, url: urls.si ?? config.endpoints.si.url },
      tax: { ...config.endpoints.tax, url: urls.tax ?? config.endpoints.tax.url },
    },
  };
}
