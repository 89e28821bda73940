/**
 * Standalone simulator: `npm run sim -- --si-port N --tax-port M [options]` (see cli-options.ts).
 * Prints one line per endpoint (`si: URL`, `tax: URL`) and stops cleanly on SIGINT/SIGTERM.
 */
import { parseCli } from './cli-options';
import { startSimulator } from './index';
import type { StartOptions } from './types';

async function main(): Promise<void> {
  let options: StartOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`simulator: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  const sim = await startSimulator(options);
  console.log(`si: ${sim.si.url}`);
  console.log(`tax: ${sim.tax.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => {
        console.error(`simulator stopped (${signal})`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error('simulator: error while stopping', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('simulator failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
