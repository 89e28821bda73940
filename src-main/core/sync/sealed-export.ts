import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { UnsentExportPayload } from './types';

/**
 * The unsent-cases export as it leaves the terminal: encrypted to the receiver's X25519 key pinned in the
 * provisioned configuration (ECDH with a fresh ephemeral key → HKDF-SHA256 → AES-256-GCM), then signed with the
 * terminal's Ed25519 export key. The file carries neither public key in a form the receiver would trust: the receiver
 * verifies with the terminal key it pinned and decrypts with its own private key (`npm run unsent -- read`).
 */
export const SEALED_FORMAT = 'onewindow.unsent.sealed.v1';
const INFO = Buffer.from(SEALED_FORMAT, 'utf8');

export interface SealedExport {
  format: typeof SEALED_FORMAT;
  terminalId: string;
  exportedAt: string;
  /** Fingerprints (SHA-256 of the SPKI DER, hex, first 32) so the receiver can pick its keys; not trusted. */
  recipientKeyId: string;
  signerKeyId: string;
  ephemeralPublicKey: string;
  iv: string;
  tag: string;
  ciphertext: string;
  /** Ed25519 over every field above (JSON of them in this order), base64. */
  signature: string;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 32);
}

function keyFromPem(pem: string, kind: 'x25519' | 'ed25519', half: 'public' | 'private'): KeyObject {
  let key: KeyObject;
  try {
    key = half === 'public' ? createPublicKey(pem) : createPrivateKey(pem);
  } catch {
    throw new ExportError(`not a PEM ${half} key (${kind})`);
  }
  if (key.asymmetricKeyType !== kind) throw new ExportError(`expected an ${kind} ${half} key, got ${key.asymmetricKeyType}`);
  return key;
}

export const publicKeyFromPem = (pem: string, kind: 'x25519' | 'ed25519') => keyFromPem(pem, kind, 'public');
export const privateKeyFromPem = (pem: string, kind: 'x25519' | 'ed25519') => keyFromPem(pem, kind, 'private');

function signedBytes(e: Omit<SealedExport, 'signature'>): Buffer {
  const { format, terminalId, exportedAt, recipientKeyId, signerKeyId, ephemeralPublicKey, iv, tag, ciphertext } = e;
  return Buffer.from(JSON.stringify([format, terminalId, exportedAt, recipientKeyId, signerKeyId, ephemeralPublicKey, iv, tag, ciphertext]), 'utf8');
}

function aesKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), INFO, 32));
}

export function sealExport(payload: UnsentExportPayload, recipient: KeyObject, signingKey: KeyObject): SealedExport {
  const eph = generateKeyPairSync('x25519');
  const ephDer = eph.publicKey.export({ format: 'der', type: 'spki' });
  const recDer = recipient.export({ format: 'der', type: 'spki' });
  const key = aesKey(diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), ephDer, recDer);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${payload.terminalId}|${payload.exportedAt}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const unsigned = {
    format: SEALED_FORMAT,
    terminalId: payload.terminalId,
    exportedAt: payload.exportedAt,
    recipientKeyId: keyId(recipient),
    signerKeyId: keyId(signingKey),
    ephemeralPublicKey: ephDer.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  } as const;
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), signingKey).toString('base64') };
}

/**
 * The receiving side: checks the signature with the pinned terminal key first, then decrypts with the recipient's
 * private key. Anything wrong (another terminal, another recipient, a changed byte) is an ExportError.
 */
export function openSealedExport(input: unknown, keys: { recipientPrivateKey: KeyObject; terminalPublicKey: KeyObject }): UnsentExportPayload {
  const e = input as Partial<SealedExport> | null;
  if (!e || typeof e !== 'object' || e.format !== SEALED_FORMAT) throw new ExportError(`not a ${SEALED_FORMAT} file`);
  for (const f of ['terminalId', 'exportedAt', 'recipientKeyId', 'signerKeyId', 'ephemeralPublicKey', 'iv', 'tag', 'ciphertext', 'signature'] as const) {
    if (typeof e[f] !== 'string') throw new ExportError(`field ${f} missing`);
  }
  const exp = e as SealedExport;
  const { signature, ...unsigned } = exp;
  if (!verify(null, signedBytes(unsigned), keys.terminalPublicKey, Buffer.from(signature, 'base64'))) {
    throw new ExportError('signature does not verify with the pinned terminal key (another terminal, or the file was changed)');
  }
  let plain: string;
  try {
    const ephDer = Buffer.from(exp.ephemeralPublicKey, 'base64');
    const eph = createPublicKey({ key: ephDer, format: 'der', type: 'spki' });
    const recDer = createPublicKey(keys.recipientPrivateKey).export({ format: 'der', type: 'spki' });
    const key = aesKey(diffieHellman({ privateKey: keys.recipientPrivateKey, publicKey: eph }), ephDer, recDer);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(exp.iv, 'base64'));
    decipher.setAAD(Buffer.from(`${exp.terminalId}|${exp.exportedAt}`, 'utf8'));
    decipher.setAuthTag(Buffer.from(exp.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(exp.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new ExportError('cannot decrypt: not encrypted to this recipient key');
  }
  const payload = JSON.parse(plain) as UnsentExportPayload;
  if (payload.terminalId !== exp.terminalId || payload.exportedAt !== exp.exportedAt) throw new ExportError('header and content disagree');
  return payload;
}
