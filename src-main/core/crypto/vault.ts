import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Field encryption for personal data at rest: AES-256-GCM envelopes (version byte, 12-byte nonce, 16-byte tag,
 * ciphertext) and a keyed HMAC for equality lookups. Two sub-keys are derived from one master key with HKDF.
 */
export interface Vault {
  seal(value: unknown): Buffer;
  open<T = unknown>(envelope: Buffer): T;
  /** The sealed value's JSON text as UTF-8 bytes, not parsed (for sending it on as it is). */
  openJson(envelope: Buffer): Buffer;
  /** Deterministic keyed hash for lookups (e.g. an ID number), hex. */
  lookupHash(value: string): string;
}

const VERSION = 1;
const NONCE_BYTES = 12;

/**
 * Random 96-bit GCM nonces, drawn from the CSPRNG a few hundred at a time (one getrandom call per 340 seals instead
 * of one per seal). Every nonce is copied out of the pool and the pool is refilled before any byte is reused.
 */
function createNonceSource(): () => Buffer {
  const pool = Buffer.alloc(NONCE_BYTES * 340);
  let offset = pool.length;
  return () => {
    if (offset + NONCE_BYTES > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const nonce = Buffer.from(pool.subarray(offset, offset + NONCE_BYTES));
    offset += NONCE_BYTES;
    return nonce;
  };
}

export function createVault(masterKey: Buffer): Vault {
  if (masterKey.length !== 32) throw new Error('vault: the master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'onewindow/enc/v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'onewindow/lookup/v1', 32));
  const nextNonce = createNonceSource();
  return {
    seal(value) {
      const nonce = nextNonce();
      const cipher = createCipheriv('aes-256-gcm', encKey, nonce);
      const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), ct]);
    },
    open<T>(envelope: Buffer): T {
      return JSON.parse(this.openJson(envelope).toString('utf8')) as T;
    },
    openJson(envelope) {
      if (envelope.length < 29 || envelope[0] !== VERSION) throw new Error('vault: not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', encKey, envelope.subarray(1, 13));
      decipher.setAuthTag(envelope.subarray(13, 29));
      return Buffer.concat([decipher.update(envelope.subarray(29)), decipher.final()]);
    },
    lookupHash(value) {
      return createHmac('sha256', macKey).update(value).digest('hex');
    },
  };
}

/**
 * Loads the master key from a key file, creating it (mode 0600) on first run. Under Electron, main hands the
 * core a key protected by the OS key store instead (ONEWINDOW_DATA_KEY, base64).
 */
export function loadOrCreateKey(dataDir: string): Buffer {
  const fromEnv = process.env.ONEWINDOW_DATA_KEY;
  if (fromEnv) return Buffer.from(fromEnv, 'base64');
  const file = path.join(dataDir, 'keys', 'data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
