/**
 * Verification of updates against the publisher's pinned Ed25519 key, not only against a hash from the same server.
 * Electron-free (node:crypto), so it is unit-tested without Electron.
 *
 * The release machine signs the channel file electron-builder publishes (`latest-linux.yml`) with the publisher's
 * private key, kept offline, and publishes the detached signature beside it as `latest-linux.yml.sig` (base64):
 *
 *   npm run update:sign -- --key publisher.pem release/latest-linux.yml
 *
 * Before an update is downloaded, the terminal fetches both files, checks the signature with the key pinned in the
 * app (PUBLISHER_KEYS), and keeps the signed metadata. After electron-updater has downloaded the artifact, its
 * sha512 must equal the one in the signed metadata: a server that serves a different channel file to the updater,
 * or a tampered artifact, is refused and nothing is installed.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The publisher's Ed25519 public keys (SPKI PEM) pinned in the app. More than one during a key rotation.
 * This is the release key of the project; its private half is held offline by release engineering.
 */
export const PUBLISHER_KEYS: readonly string[] = [
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAmUbqqVQuOP8C4xFH9EOYcBHTX0nniWOG6PVQ/jSv78Q=\n-----END PUBLIC KEY-----\n',
];

export const SIGNATURE_SUFFIX = '.sig';

export class UpdateVerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateVerificationError';
  }
}

export interface UpdateFile {
  url: string;
  sha512: string;
}

export interface SignedUpdateMetadata {
  version: string;
  files: UpdateFile[];
}

/** The channel file electron-builder writes for a platform. */
export function channelFileFor(platform: NodeJS.Platform): string {
  if (platform === 'linux') return 'latest-linux.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return 'latest.yml';
}

/**
 * The update server's URL from electron-builder's `app-update.yml` (resources folder), with `${os}`/`${arch}`
 * already substituted at build time.
 */
export function feedUrlFromAppUpdateYml(text: string): string {
  const url = /^url:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text)?.[1];
  if (!url) throw new UpdateVerificationError('app-update.yml: no url');
  return url;
}

/** Signs a channel file (on the release machine): the detached signature, base64. */
export function signUpdateMetadata(metadata: Buffer, privateKeyPem: string): string {
  return sign(null, metadata, createPrivateKey(privateKeyPem)).toString('base64');
}

/** True when `signatureBase64` is a valid Ed25519 signature of `metadata` by one of `publicKeys`. */
export function verifyMetadataSignature(metadata: Buffer, signatureBase64: string, publicKeys: readonly string[]): boolean {
  const signature = Buffer.from(signatureBase64.trim(), 'base64');
  if (signature.length !== 64) return false;
  return publicKeys.some((pem) => {
    try {
      const key = createPublicKey(pem);
      return key.asymmetricKeyType === 'ed25519' && verify(null, metadata, key, signature);
    } catch {
      return false;
    }
  });
}

/**
 * Reads version and files (url, sha512) from electron-builder's channel file. Its format is fixed and small; the
 * values are only trusted once the signature over the whole file has been checked.
 */
export function parseUpdateMetadata(text: string): SignedUpdateMetadata {
  const version = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text)?.[1];
  const files: UpdateFile[] = [];
  let current: Partial<UpdateFile> | null = null;
  let inFiles = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^files:\s*$/.test(line)) {
      inFiles = true;
      continue;
    }
    if (inFiles && /^\S/.test(line)) inFiles = false;
    if (!inFiles) continue;
    const item = /^\s*-\s+url:\s*['"]?([^'"]+?)['"]?\s*$/.exec(line);
    if (item) {
      current = { url: item[1]! };
      files.push(current as UpdateFile);
      continue;
    }
    const sha = /^\s+sha512:\s*['"]?([A-Za-z0-9+/=]+)['"]?\s*$/.exec(line);
    if (sha && current) current.sha512 = sha[1]!;
  }
  if (!version) throw new UpdateVerificationError('update metadata: no version');
  if (files.length === 0 || files.some((f) => !f.url || !f.sha512)) throw new UpdateVerificationError('update metadata: files without url or sha512');
  return { version, files };
}

/**
 * Fetches the channel file and its detached signature from the update server and verifies the signature against
 * the pinned keys. Throws UpdateVerificationError when either is missing or the signature does not verify.
 */
export async function fetchSignedMetadata(opts: {
  feedUrl: string;
  channelFile: string;
  publicKeys?: readonly string[];
  fetchImpl?: typeof fetch;
}): Promise<SignedUpdateMetadata> {
  const doFetch = opts.fetchImpl ?? fetch;
  const base = opts.feedUrl.endsWith('/') ? opts.feedUrl : `${opts.feedUrl}/`;
  const get = async (name: string): Promise<Buffer> => {
    const res = await doFetch(new URL(name, base), { cache: 'no-store' });
    if (!res.ok) throw new UpdateVerificationError(`update server answered ${res.status} for ${name}`);
    return Buffer.from(await res.arrayBuffer());
  };
  const metadata = await get(opts.channelFile);
  const signature = await get(opts.channelFile + SIGNATURE_SUFFIX);
  if (!verifyMetadataSignature(metadata, signature.toString('utf8'), opts.publicKeys ?? PUBLISHER_KEYS)) {
    throw new UpdateVerificationError(`${opts.channelFile}: the signature does not verify against the pinned publisher key`);
  }
  return parseUpdateMetadata(metadata.toString('utf8'));
}

/** sha512 (base64, as electron-builder writes it) of a file. */
export async function sha512File(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/**
 * Checks a downloaded artifact against the signed metadata: the version the updater offers must be the signed one,
 * and the file's sha512 must be one the publisher signed. Throws UpdateVerificationError otherwise.
 */
export async function verifyDownloadedUpdate(opts: { file: string; offeredVersion: string; signed: SignedUpdateMetadata }): Promise<void> {
  if (opts.offeredVersion !== opts.signed.version) {
    throw new UpdateVerificationError(`the updater offers ${opts.offeredVersion}, the signed metadata ${opts.signed.version}`);
  }
  const actual = await sha512File(opts.file);
  if (!opts.signed.files.some((f) => f.sha512 === actual)) {
    throw new UpdateVerificationError('the downloaded update does not match the signed sha512');
  }
}
