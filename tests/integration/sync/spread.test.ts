/** Terminals started together must not probe and poll the back office in step for ever (issue 16, the fleet). */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine } from '../../../src-main/core/sync';
import { FAST_TUNING, openTerminal, terminalConfig, waitFor } from '../../fault/support/terminal';
import { routed, startRawServer, ack } from './raw-server';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('health and poll intervals', () => {
  it("are spread ±25 % by the terminal's own random draw, so a fleet started together drifts apart", async () => {
    const s = await startRawServer(routed(() => ack()));
    cleanup.push(() => s.close());
    // Two terminals whose random draws sit at the two ends: 0.75 × and 1.25 × the configured 1 s.
    for (const [terminalId, u] of [
      ['3303-LW-0001-W01', 0],
      ['3303-LW-0001-W02', 0.999],
    ] as const) {
      const t = openTerminal({ urls: { si: s.url, tax: null }, config: terminalConfig({ si: s.url, tax: null }, { terminalId }) });
      cleanup.push(() => t.close());
      const e = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger: silentLogger, onEvent: () => {}, random: () => u, endpoints: ['si'], tuning: { ...FAST_TUNING, healthIntervalMs: 1_000, pollIntervalMs: 1_000 } });
      cleanup.push(() => e.stop());
      e.start();
    }
    const probes = (id: string) => s.seen.filter((r) => r.path === '/v1/health' && r.headers['x-terminal-id'] === id).map((r) => r.at);
    await waitFor(() => probes('3303-LW-0001-W02').length >= 3, 'three probes of the slower terminal', 10_000);
    const gaps = (id: string) => probes(id).slice(1).map((at, i) => at - probes(id)[i]!);
    // Timers only ever fire late, so the short interval is checked against the configured one with room to spare.
    for (const g of gaps('3303-LW-0001-W01')) expect(g).toBeLessThan(1_000);
    for (const g of gaps('3303-LW-0001-W02')) expect(g).toBeGreaterThanOrEqual(1_240);
  });
});
