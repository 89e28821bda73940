/**
 * Child process of lease-takeover.test.ts: a real sync engine on an existing test terminal's data folder, sending
 * to the given simulator, with a 60 s lease TTL; prints "started" and runs until it is killed.
 * Usage: engine-child <dir> <siUrl>
 */
import { silentLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine } from '../../../src-main/core/sync';
import { FAST_TUNING, openTerminal } from '../../fault/support/terminal';

const [dir, si] = process.argv.slice(2);
const t = openTerminal({ dir: dir!, urls: { si: si!, tax: null } });
const engine = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger: silentLogger, onEvent: () => {}, tuning: { ...FAST_TUNING, leaseTtlMs: 60_000 }, endpoints: ['si'] });
engine.start();
setInterval(() => engine.kick(), 20);
process.stdout.write('started\n');
