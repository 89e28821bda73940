import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import type { OutboxStore } from './outbox-store';
import type { Reason, SignedExport, UnsentExportPayload } from './types';

const KEY_KV = 'sync.export.signing_key';

/**
 * The terminal's Ed25519 export key: made on first use, kept in `kv` sealed by the vault (never in clear on disk).
 * Its public half travels in every export; support pins it per terminal (e.g. from the first export or provisioning).
 */
export function exportSigningKey(db: Db, vault: Vault): KeyObject {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?').get(KEY_KV);
  if (row) {
    const der = vault.open<{ pkcs8: string }>(Buffer.from(row.value, 'base64')).pkcs8;
    return createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' });
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  // INSERT OR IGNORE + re-read: two processes creating it at once end up with the same key.
  db.prepare('INSERT OR IGNORE INTO kv (key, value, updated_at) VALUES (?, ?, ?)').run(KEY_KV, vault.seal({ pkcs8 }).toString('base64'), new Date().toISOString());
  return exportSigningKey(db, vault);
}

/** The reasons kept with a revision in its last_error JSON (see OutboxStore.recordDefect); [] when none. */
export function keptReasons(lastError: string | null): Reason[] {
  if (!lastError) return [];
  try {
    const parsed = JSON.parse(lastError) as { reasons?: unknown };
    return Array.isArray(parsed.reasons) ? (parsed.reasons as Reason[]) : [];
  } catch {
    return [];
  }
}

export function buildUnsentExport(args: {
  db: Db;
  vault: Vault;
  store: OutboxStore;
  terminalId: string;
  branchCode: string;
  nowIso: string;
}): SignedExport {
  const { vault, store } = args;
  const payload: UnsentExportPayload = {
    format: 'onewindow.unsent.v1',
    terminalId: args.terminalId,
    branchCode: args.branchCode,
    exportedAt: args.nowIso,
    items: store.unsentRows().map((r) => ({
      endpoint: r.endpoint,
      caseId: r.caseId,
      rev: r.rev,
      idempotencyKey: r.key,
      state: r.state,
      attempts: r.attempts,
      lastError: r.lastError,
      reasons: keptReasons(r.lastError),
      createdAt: r.createdAt,
      body: vault.open(r.bodyEnc),
    })),
  };
  const key = exportSigningKey(args.db, vault);
  const value = sign(null, Buffer.from(JSON.stringify(payload), 'utf8'), key).toString('base64');
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
  return { payload, signature: { alg: 'Ed25519', publicKey, value } };
}

/**
 * Verifies an export (as parsed from its JSON file). With `trustedPublicKey` (SPKI DER base64) the export must
 * also come from that terminal key; without it only integrity against the embedded key is checked.
 */
export function verifyUnsentExport(exp: SignedExport, trustedPublicKey?: string): boolean {
  if (exp.signature?.alg !== 'Ed25519') return false;
  if (trustedPublicKey && trustedPublicKey !== exp.signature.publicKey) return false;
  try {
    const pub = createPublicKey({ key: Buffer.from(exp.signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(JSON.stringify(exp.payload), 'utf8'), pub, Buffer.from(exp.signature.value, 'base64'));
  } catch {
    return false;
  }
}
