/**
 * `npm run fleet -- --terminals 1000 --outage-min 120 --cases-per-hour 6 --capacity-rps 200 [--overload 429|503]
 *  [--time-scale K] [--outage-run-s S] [--max-recovery-s S] [--plot docs/fleet-rps.png] [--no-compare]`
 *
 * Runs the fleet (fleet.ts) with the engine's own jitter, then the same fleet with no jitter (every terminal backs
 * off on the same schedule) for comparison, and prints one JSON line at the end.
 */
import { parseArgs } from 'node:util';
import { defaultOutageRunS, runFleet, type FleetOptions } from './fleet';
import { writeRpsPlot } from './plot';

const { values } = parseArgs({
  options: {
    terminals: { type: 'string', default: '1000' },
    'outage-min': { type: 'string', default: '120' },
    'cases-per-hour': { type: 'string', default: '6' },
    'capacity-rps': { type: 'string', default: '200' },
    overload: { type: 'string', default: '429' },
    'time-scale': { type: 'string', default: '1' },
    'outage-run-s': { type: 'string' },
    'max-recovery-s': { type: 'string' },
    plot: { type: 'string' },
    'no-compare': { type: 'boolean', default: false },
  },
  strict: true,
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) {
    console.error(`fleet: --${name} expects a positive number, got "${text}"`);
    process.exit(2);
  }
  return n;
}

if (values.overload !== '429' && values.overload !== '503') {
  console.error(`fleet: --overload expects 429 or 503, got "${values.overload}"`);
  process.exit(2);
}
const timeScale = positive('time-scale', values['time-scale']);
const base = {
  terminals: Math.round(positive('terminals', values.terminals)),
  outageMin: positive('outage-min', values['outage-min']),
  casesPerHour: positive('cases-per-hour', values['cases-per-hour']),
  capacityRps: positive('capacity-rps', values['capacity-rps']),
  overload: values.overload === '503' ? 503 : 429,
  timeScale,
  outageRunS: values['outage-run-s'] ? positive('outage-run-s', values['outage-run-s']) : defaultOutageRunS(timeScale),
  maxRecoveryS: 0,
  onProgress: (line: string) => console.error(`fleet: ${line}`),
} satisfies Omit<FleetOptions, 'jitter'>;
const ideal = (base.terminals * Math.round((base.casesPerHour * base.outageMin) / 60)) / base.capacityRps;
base.maxRecoveryS = values['max-recovery-s'] ? positive('max-recovery-s', values['max-recovery-s']) : Math.ceil(3 * ideal + 60);

console.error(
  `fleet: ${base.terminals} terminals, ${base.outageMin} min outage at ${base.casesPerHour} cases/h each, endpoint capacity ${base.capacityRps} case revisions/s (${base.overload} beyond it)` +
    (timeScale !== 1 ? `; TIME COMPRESSED ${timeScale}×: engine backoff, probe, poll and lease durations divided by ${timeScale}, capacity and Retry-After in real seconds` : '; real time'),
);
const withJitter = await runFleet({ ...base, jitter: true });
console.error(`fleet (jitter): ${JSON.stringify({ ...withJitter, rps: undefined, rps_throttled: undefined })}`);
const noJitter = values['no-compare'] ? null : await runFleet({ ...base, jitter: false });
if (noJitter) console.error(`fleet (no jitter): ${JSON.stringify({ ...noJitter, rps: undefined, rps_throttled: undefined })}`);
if (values.plot) {
  await writeRpsPlot(values.plot, { jitter: withJitter.rps, jitterRefused: withJitter.rps_throttled, noJitter: noJitter?.rps ?? null, capacityRps: base.capacityRps, title: `${base.terminals} terminals after a ${base.outageMin} min outage` });
  console.error(`fleet: plot written to ${values.plot}`);
}
const { rps: _rps, rps_throttled: _refused, ...figures } = withJitter;
console.log(
  JSON.stringify({
    ...figures,
    time_scale: timeScale,
    time_note: timeScale === 1 ? 'real time' : `engine durations divided by ${timeScale}; capacity and Retry-After in real seconds`,
    no_jitter_fleet_drain_s: noJitter ? noJitter.fleet_drain_s : undefined,
    no_jitter_drained: noJitter ? noJitter.unsent === 0 : undefined,
    no_jitter_peak_to_mean_rps: noJitter?.peak_to_mean_rps,
    no_jitter_requests: noJitter?.requests,
    no_jitter_max_recovery_s: noJitter && noJitter.fleet_drain_s === null ? base.maxRecoveryS : undefined,
  }),
);
