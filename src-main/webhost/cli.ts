import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfigFile } from '../core/config/load';
import { withEndpointOverrides } from '../core/config/settings-lock';
import { terminalLogger } from '../core/logging';
import { appRoot } from '../core/util/paths';
import { deferredCore } from './deferred-core';
import { startWebHost } from './server';

/**
 * npm run start:web -- [--port N] [--data-dir DIR] [--si-url URL] [--tax-url URL] [--config FILE]
 * Serves the built renderer and the API on 127.0.0.1. The first line printed is the URL with the per-launch token, the
 * second the citizen view's (rating) page with its own token.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string', default: path.join(appRoot(), '.data') },
      'si-url': { type: 'string' },
      'tax-url': { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${values.port}`);
  const dataDir = path.resolve(values['data-dir']!);
  // Without a named file the terminal's file lives in its data folder; until it exists the renderer shows the
  // first-run screen (never a silent development mode), which offers the embedded defaults in one confirm.
  const configFile = values.config ?? process.env.ONEWINDOW_CONFIG ?? path.join(dataDir, 'terminal.json');
  const config = withEndpointOverrides(readConfigFile(configFile), { si: values['si-url'], tax: values['tax-url'] });
  const logger = terminalLogger(config, dataDir, 'webhost');
  // The page is served at once and the core starts beside it (deferred-core.ts): calls wait for the core.
  const core = deferredCore();
  const token = randomBytes(24).toString('base64url');
  const host = await startWebHost({
    core: core.link,
    token,
    citizenToken: randomBytes(24).toString('base64url'),
    port,
    staticDir: path.join(appRoot(), 'dist', 'renderer'),
    logger,
  });
  process.stdout.write(`OneWindow web host: ${host.url}\n`);
  if (host.citizenUrl) process.stdout.write(`citizen view (好差评): ${host.citizenUrl}\n`);

  let stopping = false;
  let close: () => Promise<void> = () => Promise.resolve();
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await starting.catch(() => undefined);
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // Loaded now, not before the page is served: the core's modules (SQLite, devices, sync, catalog) are most of a start.
  const starting = import('../terminal').then(({ startTerminal }) => startTerminal({ config, dataDir, host: 'web', configFile: path.resolve(configFile), logger }));
  let terminal;
  try {
    terminal = await starting;
  } catch (err) {
    core.failed();
    await host.close();
    throw err;
  }
  close = () => terminal.close();
  core.ready(terminal.core);
  if (terminal.simulator) {
    process.stdout.write(`built-in simulator: si ${terminal.simulator.si.url}  tax ${terminal.simulator.tax.url}\n`);
  }
  process.stdout.write(`data: ${dataDir}  logs: ${path.join(dataDir, 'logs')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`OneWindow web host failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
