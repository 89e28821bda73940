import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-main/contract';
import { configSchema } from '../../../src-main/core/config/schema';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { tError } from '../../../src-renderer/i18n';
import { LOCK_MS } from '../../../src-main/core/people/throttle';
import { TEST_PIN, testUsers } from '../../support/people';
import { acceptContactChange, call, startTestTerminal, terminalFixture } from '../core/support';

const f = terminalFixture('onewindow-people-');

async function codeOf(p: Promise<CallResult<unknown>>): Promise<string> {
  const r = await p;
  return r.ok ? 'ok' : r.error.code;
}

const acceptCase = (term: Terminal) => acceptContactChange(term);

function logText(): string {
  const logDir = path.join(f.dir, 'logs');
  return readdirSync(logDir)
    .filter((f) => f.endsWith('.log') || f.endsWith('.jsonl'))
    .map((f) => readFileSync(path.join(logDir, f), 'utf8'))
    .join('\n');
}

describe('who is at the window', () => {
  it('nothing of the work is reachable before sign-in; a case, its print and audit name the signed-in person', async () => {
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: null });
    const d = f.t!.core.dispatch;
    expect(await codeOf(d('listCases', {}))).toBe('sign_in_required');
    expect(await codeOf(d('enterApplicant', { idNumber: '11010519491231002X', name: '王芳' }))).toBe('sign_in_required');
    expect((await call<{ user: unknown }>(f.t!, 'windowState', {})).user).toBeNull();

    await call(f.t!, 'signIn', { userId: 'T0043', pin: TEST_PIN });
    const caseId = await acceptCase(f.t!);
    await call(f.t!, 'receiptPdf', { caseId });
    // T0043 is a teller only: settings and logs are refused with a typed error.
    expect(await codeOf(d('getTerminalSettings', {}))).toBe('forbidden');
    expect(await codeOf(d('readLogs', {}))).toBe('forbidden');

    const db = new Database(path.join(f.dir, 'onewindow.db'), { readonly: true });
    expect(db.prepare('SELECT teller_id FROM cases WHERE id = ?').get(caseId)).toEqual({ teller_id: 'T0043' });
    const actors = db.prepare('SELECT action, actor FROM audit WHERE case_id = ? ORDER BY seq').all(caseId);
    db.close();
    expect(actors).toEqual([
      { action: 'case.accept', actor: 'T0043' },
      { action: 'receipt.pdf', actor: 'T0043' },
    ]);
    expect((await call<{ tellerId: string }>(f.t!, 'getSession', {})).tellerId).toBe('T0043');

    await call(f.t!, 'signOut', {});
    expect(await codeOf(d('getCase', { caseId }))).toBe('sign_in_required');
  });

  it('wrong PINs are refused, then throttled even for the right PIN; no PIN reaches a log', async () => {
    // A frozen clock: the wait after the third wrong PIN has not passed, however slow the machine.
    const frozen = Date.now();
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: null, clock: () => frozen });
    const d = f.t!.core.dispatch;
    for (let i = 0; i < 3; i++) expect(await codeOf(d('signIn', { userId: 'T0043', pin: '999999' }))).toBe('forbidden');
    // An unknown id answers exactly like a wrong PIN.
    expect(await d('signIn', { userId: 'ZZ99', pin: '999999' })).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'error.wrongPin' } });
    // The wait is said in seconds (2 s after the third wrong PIN), in the teller's words.
    const throttled = await d('signIn', { userId: 'T0043', pin: TEST_PIN });
    expect(throttled).toMatchObject({ ok: false, error: { code: 'throttled', messageKey: 'error.signInThrottled', params: { seconds: 2 } } });
    expect(tError(!throttled.ok ? throttled.error : undefined)).toBe('密码错误次数过多，请2秒后再试');
    // Another person is not held up by T0043's failures.
    expect(await codeOf(d('signIn', { userId: 'M0001', pin: TEST_PIN }))).toBe('ok');
    await f.t!.close();
    // The count survives a restart.
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: null, clock: () => frozen });
    expect(await codeOf(f.t!.core.dispatch('signIn', { userId: 'T0043', pin: TEST_PIN }))).toBe('throttled');
    const logs = logText();
    expect(logs).toContain('sign-in refused');
    expect(logs).not.toContain(TEST_PIN);
    expect(logs).not.toContain('999999');
  });

  it('a wait of minutes is said in minutes', async () => {
    let now = Date.now();
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: null, clock: () => now });
    const d = f.t!.core.dispatch;
    // Nine wrong PINs, each after the wait of the one before has passed: the next wait is 128 s.
    for (let i = 0; i < 9; i++) {
      expect(await codeOf(d('signIn', { userId: 'T0043', pin: '999999' }))).toBe('forbidden');
      now += LOCK_MS;
    }
    now -= LOCK_MS;
    expect(await d('signIn', { userId: 'T0043', pin: TEST_PIN })).toMatchObject({ ok: false, error: { code: 'throttled', messageKey: 'error.signInThrottledMinutes', params: { minutes: 3 } } });
  });

  it('guesses sent all at once are checked one after another: three are refused, the rest throttled, the right PIN too', async () => {
    const frozen = Date.now();
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: null, clock: () => frozen });
    const d = f.t!.core.dispatch;
    const guesses = Array.from({ length: 12 }, (_, i) => (i === 6 ? TEST_PIN : `90000${i}`.slice(-6)));
    const codes = await Promise.all(guesses.map((pin) => codeOf(d('signIn', { userId: 'M0001', pin }))));
    expect(codes.filter((c) => c === 'forbidden')).toHaveLength(3);
    expect(codes.filter((c) => c === 'throttled')).toHaveLength(9);
    expect((await call<{ user: unknown }>(f.t!, 'windowState', {})).user).toBeNull();
  });

  it('hand-over lists the open draft and signs out; the next teller signs in and finds it', async () => {
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: 'T0043' });
    const caseId = uuidv7();
    await call(f.t!, 'saveDraft', {
      draft: { caseId, applicant: null, itemCode: 'SI-04-01', form: {}, materials: [], feedback: { channel: 'sms', phone: '', address: '' }, reviewNotes: '' },
    });
    const handed = await call<{ openDrafts: { caseId: string; savedBy: string }[] }>(f.t!, 'handOver', {});
    expect(handed.openDrafts).toMatchObject([{ caseId, itemCode: 'SI-04-01', savedBy: 'T0043' }]);
    const state = await call<{ user: unknown; openDrafts: unknown[] }>(f.t!, 'windowState', {});
    expect(state.user).toBeNull();
    expect(state.openDrafts).toHaveLength(1);
    await call(f.t!, 'signIn', { userId: 'M0001', pin: TEST_PIN });
    expect((await call<{ caseId: string }>(f.t!, 'loadDraft', {})).caseId).toBe(caseId);
  });

  it('reads of personal data are audited with the reader, never with the searched value', async () => {
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: 'T0043' });
    const caseId = await acceptCase(f.t!);
    await call(f.t!, 'getCase', { caseId });
    const { applicantId } = await call<{ applicantId: string }>(f.t!, 'enterApplicant', { idNumber: '11010519491231002X', name: '王芳' });
    await call(f.t!, 'searchCases', { query: '王芳' });
    await call(f.t!, 'applicantHistory', { applicantId });
    // The history is asked by the applicant's record id only: an ID number or a name is refused before any read.
    for (const asked of ['11010519491231002X', '王芳']) expect(await codeOf(f.t!.core.dispatch('applicantHistory', { applicantId: asked }))).toBe('invalid_input');
    const db = new Database(path.join(f.dir, 'onewindow.db'), { readonly: true });
    const reads = db.prepare("SELECT action, actor, case_id AS caseId, detail_json AS detail FROM audit WHERE action LIKE 'read.%' ORDER BY seq").all() as { action: string; actor: string; caseId: string | null; detail: string | null }[];
    db.close();
    expect(reads.map((r) => [r.action, r.actor])).toEqual([
      ['read.case', 'T0043'],
      ['read.search', 'T0043'],
      ['read.applicantHistory', 'T0043'],
    ]);
    expect(reads[0]!.caseId).toBe(caseId);
    expect(JSON.parse(reads[1]!.detail!)).toEqual({ queryLength: 2, cases: [caseId] });
    expect(reads.map((r) => r.detail ?? '').join()).not.toContain('王芳');
    expect(reads.map((r) => r.detail ?? '').join()).not.toContain('11010519491231002X');
  });

  it('a mentor works the window like a teller; support and branch admin do not', async () => {
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: 'M0001' });
    await acceptCase(f.t!);
    await call(f.t!, 'signIn', { userId: 'S0001', pin: TEST_PIN });
    expect(await codeOf(f.t!.core.dispatch('listCases', {}))).toBe('forbidden');
    expect(await codeOf(f.t!.core.dispatch('readLogs', {}))).toBe('ok');
    await call(f.t!, 'signIn', { userId: 'A0001', pin: TEST_PIN });
    expect(await codeOf(f.t!.core.dispatch('listCases', {}))).toBe('forbidden');
    expect(await codeOf(f.t!.core.dispatch('readLogs', {}))).toBe('forbidden');
    expect(await codeOf(f.t!.core.dispatch('getTerminalSettings', {}))).toBe('ok');
  });
});

describe('people and settings in the provisioned file', () => {
  async function startWithFile(mode: 'production' | 'training'): Promise<{ term: Terminal; file: string }> {
    const file = path.join(f.dir, 'terminal.json');
    const scheme = mode === 'production' ? 'https' : 'http';
    writeFileSync(
      file,
      JSON.stringify({
        mode,
        users: await testUsers(),
        endpoints: { si: { url: `${scheme}://127.0.0.1:1/si` }, tax: { url: `${scheme}://127.0.0.1:1/tax` } },
        devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial' } },
      }),
    );
    const config = configSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    // Production needs a data key from outside the data folder: the test hands one over, as a key command would.
    const term = await startTerminal({ config, dataDir: f.dir, host: 'web', configFile: file, dataKey: randomBytes(32) });
    return { term, file };
  }

  it('a branch admin adds a person: the file holds only a PIN hash, the change is audited, the person signs in at once', async () => {
    const { term, file } = await startWithFile('training');
    f.t = term;
    await call(f.t!, 'signIn', { userId: 'A0001', pin: TEST_PIN });
    const users = await call<{ id: string }[]>(f.t!, 'saveUser', { id: 'T0100', name: '新同事', roles: ['teller'], pin: '135790' });
    expect(users.map((u) => u.id)).toContain('T0100');
    const onFile = readFileSync(file, 'utf8');
    expect(onFile).not.toContain('135790');
    expect(JSON.parse(onFile).users.find((u: { id: string }) => u.id === 'T0100').pinHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    // The screen never sees a PIN hash.
    expect(JSON.stringify(await call(f.t!, 'getTerminalSettings', {}))).not.toContain('scrypt$');
    await call(f.t!, 'signIn', { userId: 'T0100', pin: '135790' });
    const db = new Database(path.join(f.dir, 'onewindow.db'), { readonly: true });
    const row = db.prepare("SELECT actor, detail_json FROM audit WHERE action = 'users.save'").get() as { actor: string; detail_json: string };
    db.close();
    expect(row.actor).toBe('A0001');
    expect(row.detail_json).not.toContain('scrypt');
    expect(JSON.parse(row.detail_json)).toMatchObject({ userId: 'T0100', created: true, pinChanged: true });
    expect(logText()).not.toContain('135790');
    // Saving the terminal settings afterwards keeps the person added since the start (it wrote the start's list).
    await call(f.t!, 'signIn', { userId: 'A0001', pin: TEST_PIN });
    const { config } = await call<{ config: Record<string, unknown> }>(f.t!, 'getTerminalSettings', {});
    await call(f.t!, 'saveTerminalSettings', { config: { ...config, windowNo: 4 } });
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.windowNo).toBe(4);
    expect(saved.users.map((u: { id: string }) => u.id)).toContain('T0100');
  });

  it('the people keep an enabled branch admin; a signed-in person who is changed keeps only what they now hold', async () => {
    const { term, file } = await startWithFile('training');
    f.t = term;
    const d = f.t!.core.dispatch;
    await call(f.t!, 'signIn', { userId: 'A0001', pin: TEST_PIN });
    await call(f.t!, 'saveUser', { id: 'T0042', name: '测试柜员', roles: ['teller', 'support'] });
    // A0001 is now the only branch admin: taking the role away or disabling them is refused and changes nothing.
    const before = readFileSync(file, 'utf8');
    expect(await d('saveUser', { id: 'A0001', name: '网点管理员', roles: ['teller'] })).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'error.lastAdmin' } });
    expect(await codeOf(d('saveUser', { id: 'A0001', name: '网点管理员', roles: ['branch_admin'], disabled: true }))).toBe('conflict');
    expect(readFileSync(file, 'utf8')).toBe(before);
    // With another admin on file, A0001 may step down, and at once loses what the role gave.
    await call(f.t!, 'saveUser', { id: 'A0002', name: '新管理员', roles: ['branch_admin'], pin: '135790' });
    await call(f.t!, 'saveUser', { id: 'A0001', name: '网点管理员', roles: ['teller'] });
    expect((await call<{ user: { roles: string[] } }>(f.t!, 'windowState', {})).user.roles).toEqual(['teller']);
    expect(await codeOf(d('listUsers', {}))).toBe('forbidden');
    // An admin who disables themself (another admin on file) is signed out.
    await call(f.t!, 'signIn', { userId: 'A0002', pin: '135790' });
    await call(f.t!, 'saveUser', { id: 'A0001', name: '网点管理员', roles: ['branch_admin'] });
    await call(f.t!, 'saveUser', { id: 'A0002', name: '新管理员', roles: ['branch_admin'], disabled: true });
    expect((await call<{ user: unknown }>(f.t!, 'windowState', {})).user).toBeNull();
    expect(await codeOf(d('listUsers', {}))).toBe('sign_in_required');
  });

  it('in production the mode and endpoints cannot be changed from the screen, and plain http is refused', async () => {
    const { term, file } = await startWithFile('production');
    f.t = term;
    await call(f.t!, 'signIn', { userId: 'A0001', pin: TEST_PIN });
    const { config } = await call<{ config: Record<string, unknown> & { endpoints: { si: { url: string } } } }>(f.t!, 'getTerminalSettings', {});
    const before = readFileSync(file, 'utf8');
    const redirected = { ...config, endpoints: { ...config.endpoints, si: { ...config.endpoints.si, url: 'https://evil.example/si' } } };
    expect(await f.t!.core.dispatch('saveTerminalSettings', { config: redirected })).toMatchObject({ ok: false, error: { code: 'forbidden', issues: [{ path: 'endpoints.si' }] } });
    expect(await codeOf(f.t!.core.dispatch('saveTerminalSettings', { config: { ...config, mode: 'development' } }))).toBe('forbidden');
    expect(readFileSync(file, 'utf8')).toBe(before);
    // Another field may still be changed; people stay as provisioned.
    expect(await codeOf(f.t!.core.dispatch('saveTerminalSettings', { config: { ...config, windowNo: 7 } }))).toBe('ok');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.windowNo).toBe(7);
    expect(saved.users).toHaveLength(5);

    expect(configSchema.safeParse({ mode: 'production', endpoints: { si: { url: 'http://si.example/' }, tax: { url: 'https://tax.example/' } } }).error?.issues[0]?.path).toEqual(['endpoints', 'si', 'url']);
    expect(configSchema.safeParse({ mode: 'training', endpoints: { si: { url: 'http://si.example/' } } }).success).toBe(true);
    const plain = { ...configSchema.parse({ mode: 'training' }), mode: 'production' as const, endpoints: { si: { url: 'http://127.0.0.1:1/', timeoutMs: 1000 }, tax: { url: 'https://127.0.0.1:1/', timeoutMs: 1000 } } };
    await expect(startTerminal({ config: plain, dataDir: path.join(f.dir, 'other'), host: 'web', dataKey: randomBytes(32) })).rejects.toThrow(/endpoints\.si\.url: production needs https/);
  });
});
