/**
 * The fleet at CI size (issue 16): 50 terminals, each with its own SQLite file and the production sync engine, queue
 * two hours of cases while the line is down, then the line returns for all at once against an endpoint that takes
 * 20 case revisions a second (429 + Retry-After beyond). Time compressed 4× (engine durations ÷ 4; capacity and
 * Retry-After real). The full-size run is `npm run fleet` (README, performance).
 */
import { describe, expect, it } from 'vitest';
import { defaultOutageRunS, runFleet } from '../../fleet/fleet';

describe('a fleet coming back after an outage', () => {
  it('loses nothing, duplicates nothing and keeps the endpoint evenly loaded', { timeout: 150_000 }, async () => {
    const r = await runFleet({
      terminals: 50,
      outageMin: 120,
      casesPerHour: 6,
      capacityRps: 20,
      overload: 429,
      timeScale: 4,
      jitter: true,
      outageRunS: defaultOutageRunS(4),
      maxRecoveryS: 90,
    });
    expect(r.cases).toBe(600);
    expect(r.unsent).toBe(0);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.peak_to_mean_rps).toBeLessThanOrEqual(2);
  });
});
