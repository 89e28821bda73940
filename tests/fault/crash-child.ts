/**
 * Child process of the crash test: a terminal core that accepts cases (case + event + audit + outbox in one
 * transaction) and syncs them, until the parent SIGKILLs it. With --drain it accepts nothing, syncs until the
 * outbox is empty, then exits 0.
 * Usage: crash-child <dir> <siUrl> <taxUrl> [--drain]
 */
import { silentLogger } from '../../src-main/core/logging/types';
import { createSyncEngine } from '../../src-main/core/sync';
import { FAST_TUNING, openTerminal, outboxStates } from './support/terminal';

const [dir, si, tax, mode] = process.argv.slice(2);
if (!dir || !si || !tax) {
  console.error('usage: crash-child <dir> <siUrl> <taxUrl> [--drain]');
  process.exit(2);
}
const term = openTerminal({ dir, urls: { si, tax } });
const engine = createSyncEngine({
  db: term.db,
  vault: term.vault,
  config: term.config,
  logger: silentLogger,
  onEvent: () => {},
  tuning: { ...FAST_TUNING, leaseTtlMs: 300, requestTimeoutMs: 400 },
});
engine.start();
process.stdout.write('ready\n');

if (mode === '--drain') {
  const timer = setInterval(() => {
    if ((outboxStates(term.db).pending ?? 0) > 0) return;
    clearInterval(timer);
    void engine.stop().then(() => {
      term.close();
      process.exit(0);
    });
  }, 20);
} else {
  // Accept a case every few ms; now and then a revision of a recent case. Stops only when killed.
  const recent: string[] = [];
  let n = 0;
  setInterval(() => {
    n++;
    if (n % 4 === 0 && recent.length > 0) term.addRevision(recent[Math.floor(Math.random() * recent.length)]!);
    else {
      const id = term.addCase({ endpoint: n % 3 === 0 ? 'tax' : 'si' });
      recent.push(id);
      if (recent.length > 10) recent.shift();
    }
    engine.kick();
  }, 8);
}
