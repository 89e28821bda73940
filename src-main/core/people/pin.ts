import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * PINs are stored only as a memory-hard KDF hash: scrypt with N = 2^15, r = 8, p = 1 (32 MiB per hash, about a
 * tenth of a second), a random 16-byte salt, a 32-byte key. Format: `scrypt$N$r$p$salt$key` (base64url).
 */
const PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const HASH_RE = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

export const PIN_HASH_RE = HASH_RE;

function derive(pin: string, salt: Buffer, opts: ScryptOptions, len: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, len, { ...opts, maxmem: 256 * opts.N! * opts.r! }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, PARAMS, KEY_LEN);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** True when `pin` matches `stored`; a malformed hash never matches. Constant-time comparison. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const m = HASH_RE.exec(stored);
  if (!m) return false;
  const [, n, r, p, salt, key] = m as unknown as [string, string, string, string, string, string];
  const N = Number(n);
  // Parameters weaker than ours (or absurdly large) are refused rather than trusted.
  if (N < PARAMS.N || N > 1 << 20 || Number(r) < 8 || Number(r) > 32 || Number(p) < 1 || Number(p) > 4) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await derive(pin, Buffer.from(salt, 'base64url'), { N, r: Number(r), p: Number(p) }, expected.length);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
