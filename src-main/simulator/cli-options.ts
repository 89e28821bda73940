/**
 * Command-line options of the standalone simulator: `npm run sim -- --si-port N --tax-port M [--data FILE] [--latency-ms N]
 * [--bandwidth-bps N] [--error-rate 503:0.1]... [--reset-rate R] [--timeout-rate R] [--truncate-rate R]
 * [--throttle RATE:RETRY_AFTER_SEC] [--capacity PER_SEC[:503]] [--seed N] [--errand-delay-ms N|off] [--tls-cert F --tls-key F --tls-ca F]`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SimFaults, StartOptions } from './types';

export class CliError extends Error {}

function fail(message: string): never {
  throw new CliError(message);
}

function int(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} expects a non-negative integer, got "${text}"`);
  return n;
}

function fraction(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n >= 0 && n <= 1)) fail(`--${name} expects a rate between 0 and 1, got "${text}"`);
  return n;
}

function pair(name: string, text: string): [number, number] {
  const [a, b, ...rest] = text.split(':');
  const x = Number(a);
  const y = Number(b);
  if (rest.length > 0 || a === undefined || b === undefined || !Number.isFinite(x) || !Number.isFinite(y)) fail(`--${name} expects A:B, got "${text}"`);
  return [x, y];
}

export function parseCli(argv: string[]): StartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'si-port': { type: 'string' },
      'tax-port': { type: 'string' },
      data: { type: 'string' },
      'latency-ms': { type: 'string' },
      'bandwidth-bps': { type: 'string' },
      'error-rate': { type: 'string', multiple: true },
      'reset-rate': { type: 'string' },
      'timeout-rate': { type: 'string' },
      'truncate-rate': { type: 'string' },
      throttle: { type: 'string' },
      capacity: { type: 'string' },
      seed: { type: 'string' },
      'errand-delay-ms': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-ca': { type: 'string' },
    },
    strict: true,
  });
  const faults: SimFaults = {};
  const latency = int('latency-ms', values['latency-ms']);
  if (latency) faults.latencyMs = latency;
  const bandwidth = int('bandwidth-bps', values['bandwidth-bps']);
  if (bandwidth) faults.bandwidthBytesPerSec = bandwidth;
  if (values['error-rate']?.length) {
    faults.errorRate = values['error-rate'].map((text) => {
      const [status, rate] = pair('error-rate', text);
      if (!Number.isInteger(status) || status < 400 || status > 599 || rate < 0 || rate > 1) fail(`--error-rate expects STATUS:RATE, got "${text}"`);
      return { status, rate };
    });
  }
  const resetRate = fraction('reset-rate', values['reset-rate']);
  if (resetRate) faults.resetRate = resetRate;
  const timeoutRate = fraction('timeout-rate', values['timeout-rate']);
  if (timeoutRate) faults.timeoutRate = timeoutRate;
  const truncateRate = fraction('truncate-rate', values['truncate-rate']);
  if (truncateRate) faults.truncateRate = truncateRate;
  if (values.throttle) {
    const [rate, retryAfterSec] = pair('throttle', values.throttle);
    faults.throttle = { rate, retryAfterSec };
  }
  if (values.capacity) {
    const [perSec, overload = '429', ...more] = values.capacity.split(':');
    const n = Number(perSec);
    if (!(n > 0) || more.length > 0 || (overload !== '429' && overload !== '503')) fail(`--capacity expects PER_SEC or PER_SEC:503, got "${values.capacity}"`);
    faults.capacity = { perSec: n, overload: overload === '503' ? 503 : 429 };
  }
  const tlsFiles = [values['tls-cert'], values['tls-key'], values['tls-ca']];
  if (tlsFiles.some(Boolean) && !tlsFiles.every(Boolean)) fail('--tls-cert, --tls-key and --tls-ca go together');
  const delay = values['errand-delay-ms'];
  return {
    siPort: int('si-port', values['si-port']) ?? 0,
    taxPort: int('tax-port', values['tax-port']) ?? 0,
    ...(values.data ? { dataFile: values.data } : {}),
    faults: { si: faults, tax: { ...faults } },
    ...(values.seed !== undefined ? { seed: int('seed', values.seed) } : {}),
    ...(delay !== undefined ? { errandReceiptDelayMs: delay === 'off' ? null : int('errand-delay-ms', delay) } : {}),
    ...(values['tls-cert']
      ? {
          tls: {
            cert: readFileSync(values['tls-cert'], 'utf8'),
            key: readFileSync(values['tls-key']!, 'utf8'),
            ca: readFileSync(values['tls-ca']!, 'utf8'),
          },
        }
      : {}),
  };
}

