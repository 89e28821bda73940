import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-main/core/config/schema';
import { createVault } from '../../../src-main/core/crypto/vault';
import { openDatabase } from '../../../src-main/core/db/open';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createWindowSession } from '../../../src-main/core/people/window-session';
import { TEST_PIN, testUsers } from '../../support/people';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a mentor confirms at the window (for co-signature and sign-off)', () => {
  it('checks the PIN and the role without taking over the window, and is throttled like sign-in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onewindow-confirm-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'onewindow.db'));
    const config = configSchema.parse({ mode: 'training', users: await testUsers() });
    const session = createWindowSession({ db, vault: createVault(randomBytes(32)), config, logger: silentLogger, clock: Date.now, firstRun: () => false });
    await session.signIn('T0043', TEST_PIN);
    expect(await session.confirm('M0001', TEST_PIN, 'mentor')).toEqual({ id: 'M0001', name: '导师' });
    expect(session.teller()).toBe('T0043');
    await expect(session.confirm('T0043', TEST_PIN, 'mentor')).rejects.toMatchObject({ code: 'forbidden' });
    for (let i = 0; i < 3; i++) await expect(session.confirm('M0001', '000000', 'mentor')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(session.confirm('M0001', TEST_PIN, 'mentor')).rejects.toMatchObject({ code: 'throttled' });
    const audit = db.prepare("SELECT actor, detail_json FROM audit WHERE action = 'session.confirm'").all();
    db.close();
    expect(audit).toEqual([{ actor: 'M0001', detail_json: JSON.stringify({ role: 'mentor', signedIn: 'T0043' }) }]);
  });
});
