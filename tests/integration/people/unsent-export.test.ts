import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../../src-main/core/util/paths';
import { acceptContactChange, call, startTestTerminal, terminalFixture } from '../core/support';

const ID = '11010519491231002X';
const f = terminalFixture('onewindow-export-');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/core/sync/unsent-cli.ts', ...args], { cwd: appRoot(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('unsent-cases export', () => {
  it('is encrypted to the pinned recipient, signed by the terminal, audited, and read back only with the pinned keys', async () => {
    const keys = mkdtempSync(path.join(tmpdir(), 'onewindow-export-keys-'));
    f.scratch.push(keys);
    expect(run(['keygen', '--out', keys]).status).toBe(0);
    const recipientPub = readFileSync(path.join(keys, 'recipient.pub.pem'), 'utf8');
    f.t = await startTestTerminal(f.dir, f.sim, { config: { exports: { recipientPublicKey: recipientPub } } });
    await f.sim.control.setDown('si', true);
    const caseId = await acceptContactChange(f.t!, ID);
    const doc = await call<{ fileName: string; base64: string }>(f.t!, 'exportUnsent', {});
    const text = Buffer.from(doc.base64, 'base64').toString('utf8');
    expect(text).not.toContain(ID);
    expect(text).not.toContain('王芳');
    expect(text).not.toContain('13905771234');
    const file = path.join(keys, doc.fileName);
    writeFileSync(file, text);

    const terminalKey = run(['terminal-key', '--data-dir', f.dir]);
    expect(terminalKey.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    // No self-embedded key: the terminal's public key is nowhere in the file.
    const der = terminalKey.stdout.replace(/-----[A-Z ]+-----|\s/g, '');
    expect(text).not.toContain(der);
    const pinnedTerminal = path.join(keys, 'terminal.pub.pem');
    writeFileSync(pinnedTerminal, terminalKey.stdout);

    const read = run(['read', file, '--recipient-key', path.join(keys, 'recipient.key.pem'), '--terminal-key', pinnedTerminal]);
    expect(read.status).toBe(0);
    const payload = JSON.parse(read.stdout) as { items: { caseId: string; body: { applicant: { idNumber: string } } }[] };
    expect(payload.items.map((i) => i.caseId)).toEqual([caseId]);
    expect(payload.items[0]!.body.applicant.idNumber).toBe(ID);

    // Another terminal's key, another recipient, or one changed character: refused.
    const stranger = path.join(keys, 'stranger.pub.pem');
    writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    expect(run(['read', file, '--recipient-key', path.join(keys, 'recipient.key.pem'), '--terminal-key', stranger])).toMatchObject({ status: 1, stderr: expect.stringContaining('pinned terminal key') });
    const otherRecipient = path.join(keys, 'other.key.pem');
    writeFileSync(otherRecipient, generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(run(['read', file, '--recipient-key', otherRecipient, '--terminal-key', pinnedTerminal])).toMatchObject({ status: 1, stderr: expect.stringContaining('not encrypted to this recipient') });
    const sealed = JSON.parse(text) as { ciphertext: string };
    const flipped = sealed.ciphertext.startsWith('A') ? 'B' + sealed.ciphertext.slice(1) : 'A' + sealed.ciphertext.slice(1);
    writeFileSync(file, JSON.stringify({ ...sealed, ciphertext: flipped }));
    expect(run(['read', file, '--recipient-key', path.join(keys, 'recipient.key.pem'), '--terminal-key', pinnedTerminal]).status).toBe(1);

    const db = new Database(path.join(f.dir, 'onewindow.db'), { readonly: true });
    const audit = db.prepare("SELECT actor, detail_json FROM audit WHERE action = 'export.unsent'").all() as { actor: string; detail_json: string }[];
    db.close();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('T0042');
    expect(JSON.parse(audit[0]!.detail_json)).toMatchObject({ items: 1, cases: [caseId] });
  });

  it('is refused when no recipient key is pinned', async () => {
    f.t = await startTestTerminal(f.dir, f.sim);
    expect(await f.t!.core.dispatch('exportUnsent', {})).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'error.noExportRecipient' } });
  });
});
