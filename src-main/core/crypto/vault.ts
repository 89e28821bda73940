import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Field encryption for personal data at rest: AES-256-GCM envelopes (version byte, 12-byte nonce, 16-byte tag,
 * ciphertext) and a keyed HMAC for equality lookups. Two sub-keys are derived from one master key with HKDF.
 */
export interface Vault {
  seal(value: unknown): Buffer;
  /**
   * Seals a value's JSON text given as UTF-8 chunks (what seal does after JSON.stringify), for a caller that has the
   * text already: the same envelope, opened by open/openJson. The caller vouches that the chunks form JSON.
   */
  sealJson(chunks: readonly Buffer[]): Buffer;
  open<T = unknown>(envelope: Buffer): T;
  /** The sealed value's JSON text as UTF-8 bytes, not parsed (for sending it on as it is). */
  openJson(envelope: Buffer): Buffer;
  /** Deterministic keyed hash for lookups (e.g. an ID number), hex. */
  lookupHash(value: string): string;
}

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Version byte, nonce, tag. */
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

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
  // The envelope is written in one buffer: version, nonce, tag (filled after the cipher's final), ciphertext.
  const sealChunks = (chunks: readonly Buffer[]): Buffer => {
    const nonce = nextNonce();
    const cipher = createCipheriv('aes-256-gcm', encKey, nonce);
    let length = HEADER_BYTES;
    for (const c of chunks) length += c.length;
    const envelope = Buffer.allocUnsafe(length);
    envelope[0] = VERSION;
    nonce.copy(envelope, 1);
    let at = HEADER_BYTES;
    for (const c of chunks) at += cipher.update(c).copy(envelope, at);
    at += cipher.final().copy(envelope, at);
    if (at !== length) throw new Error('vault: ciphertext length differs from the plaintext');
    cipher.getAuthTag().copy(envelope, 1 + NONCE_BYTES);
    return envelope;
  };
  return {
    seal(value) {
      return sealChunks([Buffer.from(JSON.stringify(value), 'utf8')]);
    },
    sealJson(chunks) {
      return sealChunks(chunks);
    },
    open<T>(envelope: Buffer): T {
      return JSON.parse(this.openJson(envelope).toString('utf8')) as T;
    },
    openJson(envelope) {
      if (envelope.length < HEADER_BYTES || envelope[0] !== VERSION) throw new Error('vault: not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', encKey, envelope.subarray(1, 1 + NONCE_BYTES));
      decipher.setAuthTag(envelope.subarray(1 + NONCE_BYTES, HEADER_BYTES));
      return Buffer.concat([decipher.update(envelope.subarray(HEADER_BYTES)), decipher.final()]);
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
