/**
 * The update verification against the pinned publisher key, with a real update server on loopback HTTP serving a
 * genuine and then tampered channel files and artifacts (Electron itself cannot run here: the verification code is
 * Electron-free and is what main.ts runs around electron-updater).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchSignedMetadata,
  PUBLISHER_KEYS,
  signUpdateMetadata,
  UpdateVerificationError,
  verifyDownloadedUpdate,
} from '../../../src-main/electron/update-signature';

const publisher = generateKeyPairSync('ed25519');
const attacker = generateKeyPairSync('ed25519');
const pinned = [publisher.publicKey.export({ type: 'spki', format: 'pem' }).toString()];
const pem = (k: typeof publisher.privateKey) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

const artifact = Buffer.from('genuine AppImage bytes '.repeat(1000));
const evil = Buffer.from('tampered AppImage bytes '.repeat(1000));
const sha = (b: Buffer) => createHash('sha512').update(b).digest('base64');
const yml = (version: string, body: Buffer) =>
  Buffer.from(`version: ${version}\nfiles:\n  - url: OneWindow-${version}.AppImage\n    sha512: ${sha(body)}\n    size: ${body.length}\npath: OneWindow-${version}.AppImage\nsha512: ${sha(body)}\nreleaseDate: '2026-12-05T00:00:00.000Z'\n`);

let served: Record<string, Buffer> = {};
let server: http.Server;
let feedUrl: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ow-update-'));
  server = http.createServer((req, res) => {
    const body = served[(req.url ?? '/').slice(1)];
    if (!body) res.writeHead(404).end();
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function publish(opts: { version?: string; metadata?: Buffer; signedBy?: typeof publisher.privateKey | null; signedMetadata?: Buffer; artifact?: Buffer }) {
  const version = opts.version ?? '0.2.0';
  const metadata = opts.metadata ?? yml(version, artifact);
  served = { [`updates/latest-linux.yml`]: metadata, [`updates/OneWindow-${version}.AppImage`]: opts.artifact ?? artifact };
  if (opts.signedBy !== null) served['updates/latest-linux.yml.sig'] = Buffer.from(signUpdateMetadata(opts.signedMetadata ?? metadata, pem(opts.signedBy ?? publisher.privateKey)));
}

/** What main.ts does: signed metadata first, then the download (here: over the same server), then the check. */
async function update(version = '0.2.0'): Promise<void> {
  const signed = await fetchSignedMetadata({ feedUrl, channelFile: 'latest-linux.yml', publicKeys: pinned });
  const res = await fetch(new URL(`OneWindow-${version}.AppImage`, feedUrl));
  const file = path.join(dir, `download-${Math.random()}.AppImage`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  await verifyDownloadedUpdate({ file, offeredVersion: version, signed });
}

describe('update verification against the pinned publisher key', () => {
  beforeEach(() => publish({}));

  it('accepts a genuine update', async () => {
    await expect(update()).resolves.toBeUndefined();
  });

  it('refuses a channel file changed after signing (the sha512 of a tampered artifact put in)', async () => {
    publish({ metadata: yml('0.2.0', evil), signedMetadata: yml('0.2.0', artifact), artifact: evil });
    await expect(update()).rejects.toThrow(/signature does not verify/);
  });

  it('refuses a channel file signed by another key, and one without a signature', async () => {
    publish({ metadata: yml('0.2.0', evil), signedBy: attacker.privateKey, artifact: evil });
    await expect(update()).rejects.toBeInstanceOf(UpdateVerificationError);
    publish({ metadata: yml('0.2.0', evil), signedBy: null, artifact: evil });
    await expect(update()).rejects.toThrow(/404/);
  });

  it('refuses a tampered artifact under genuine signed metadata', async () => {
    publish({ artifact: evil });
    await expect(update()).rejects.toThrow(/does not match the signed sha512/);
  });

  it('refuses when the updater is offered another version than the signed one', async () => {
    const signed = await fetchSignedMetadata({ feedUrl, channelFile: 'latest-linux.yml', publicKeys: pinned });
    const file = path.join(dir, 'genuine.AppImage');
    writeFileSync(file, artifact);
    await expect(verifyDownloadedUpdate({ file, offeredVersion: '9.9.9', signed })).rejects.toThrow(/offers 9.9.9/);
  });

  it('pins a real Ed25519 key in the app, and a test key does not pass for it', async () => {
    expect(PUBLISHER_KEYS.length).toBeGreaterThan(0);
    await expect(fetchSignedMetadata({ feedUrl, channelFile: 'latest-linux.yml' })).rejects.toThrow(/pinned publisher key/);
  });
});
