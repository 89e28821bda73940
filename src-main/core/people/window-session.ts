import { timingSafeEqual } from 'node:crypto';
import { CoreError, issueAt, type Role, type SignedIn, type UserView, type WindowState } from '../../contract';
import { configOnFile, saveConfig } from '../config/load';
import type { TerminalConfig, UserConfig } from '../config/schema';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import type { Logger } from '../logging/types';
import { nowIso } from '../util/time';
import type { Caller } from './access';
import { DEMO_USERS } from './demo-users';
import { hashPin, verifyPin } from './pin';
import { createSignInThrottle, waitAfter } from './throttle';

interface Person {
  id: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  check(pin: string): Promise<boolean>;
}

function demoPinCheck(expected: string): (pin: string) => Promise<boolean> {
  return (pin) => Promise.resolve(pin.length === expected.length && timingSafeEqual(Buffer.from(pin), Buffer.from(expected)));
}

/**
 * Who is at this window: the people who may sign in (from the provisioned configuration, or the demo people in
 * development), sign-in with a throttled PIN check, sign-out and hand-over. One person at a time per terminal;
 * every record and audit entry names them (`teller()` / `actor()`).
 */
export function createWindowSession(deps: {
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  configFile?: string;
  logger: Logger;
  clock: () => number;
  /** True while the named configuration file does not exist yet (first run). */
  firstRun: () => boolean;
}) {
  const { db, vault, config, clock } = deps;
  const log = deps.logger.child({ component: 'people' });
  const audit = createAuditWriter(db);
  const throttle = createSignInThrottle(db, clock);
  let users: UserConfig[] = [...config.users];
  const demoMode = () => config.mode === 'development' && users.length === 0;
  let current: SignedIn | null = null;

  function people(): Person[] {
    if (demoMode()) return DEMO_USERS.map((u) => ({ id: u.id, name: u.name, roles: u.roles, disabled: false, check: demoPinCheck(u.pin) }));
    return users.map((u) => ({ id: u.id, name: u.name, roles: u.roles, disabled: u.disabled, check: (pin: string) => verifyPin(pin, u.pinHash) }));
  }

  const listDrafts = db.prepare<[], { draft_enc: Buffer; updated_at: string; saved_by: string | null }>('SELECT draft_enc, updated_at, saved_by FROM drafts ORDER BY window_no');
  function openDrafts(): WindowState['openDrafts'] {
    return listDrafts.all().map((r) => {
      const d = vault.open<{ caseId: string; itemCode: string | null }>(r.draft_enc);
      return { caseId: d.caseId, itemCode: d.itemCode, savedBy: r.saved_by, savedAt: r.updated_at };
    });
  }

  const at = () => nowIso(clock);
  const wrong = () => new CoreError('forbidden', 'wrong user id or PIN', 'error.wrongPin');

  const checking = new Map<string, Promise<void>>();
  /**
   * The one PIN check (throttled, audited, an unknown id answering like a wrong PIN): for sign-in, and for a
   * mentor confirming at the same window without taking it over (co-signature, sign-off).
   */
  function checkPin(userId: string, pin: string, purpose: 'signIn' | 'confirm'): Promise<Person> {
    // One check per id at a time: a check still hashing has not counted its failure yet, so guesses sent in
    // parallel would all pass the throttle's gate together.
    const before = checking.get(userId) ?? Promise.resolve();
    const mine = before.then(() => checkPinNow(userId, pin, purpose));
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    checking.set(userId, settled);
    void settled.then(() => {
      if (checking.get(userId) === settled) checking.delete(userId);
    });
    return mine;
  }

  async function checkPinNow(userId: string, pin: string, purpose: 'signIn' | 'confirm'): Promise<Person> {
    const wait = throttle.retryAfterMs(userId);
    if (wait > 0) {
      audit({ at: at(), actor: 'anonymous', action: 'session.throttled', detail: { userId, purpose, retryAfterMs: wait } });
      const seconds = Math.ceil(wait / 1000);
      // A wait of minutes (up to the 15-minute lock-out) is said in minutes, not as 900 seconds.
      const [key, params] = seconds < 120 ? (['error.signInThrottled', { seconds }] as const) : (['error.signInThrottledMinutes', { minutes: Math.ceil(seconds / 60) }] as const);
      throw new CoreError('throttled', `too many wrong PINs: try again in ${seconds} s`, key, undefined, params);
    }
    const person = people().find((p) => p.id === userId);
    const ok = person ? await person.check(pin) : (await verifyPin(pin, DUMMY_HASH), false);
    if (!ok || !person || person.disabled) {
      const failures = throttle.failed(userId);
      audit({ at: at(), actor: 'anonymous', action: 'session.signInFailed', detail: { userId, purpose, failures } });
      log.warn({ userId, failures, nextWaitMs: waitAfter(failures) }, 'sign-in refused');
      throw wrong();
    }
    throttle.succeeded(userId);
    return person;
  }

  return {
    /** The signed-in person as the dispatcher's access check sees them. */
    caller(): Caller | null {
      return current;
    },
    /** The person recorded on a case, print or draft; throws when nobody is signed in. */
    teller(): string {
      if (!current) throw new CoreError('sign_in_required', 'sign in first', 'error.signInRequired');
      return current.id;
    },
    /** The audit actor: the signed-in person, or `system` for what the terminal does by itself. */
    actor(): string {
      return current?.id ?? 'system';
    },
    state(): WindowState {
      return {
        user: current,
        demoUsers: demoMode() ? DEMO_USERS.map((u) => ({ ...u, roles: [...u.roles] })) : null,
        openDrafts: openDrafts(),
        firstRun: deps.firstRun(),
      };
    },
    async signIn(userId: string, pin: string): Promise<SignedIn> {
      const person = await checkPin(userId, pin, 'signIn');
      if (current && current.id !== userId) audit({ at: at(), actor: current.id, action: 'session.signOut', detail: { reason: 'replaced' } });
      current = { id: person.id, name: person.name, roles: [...person.roles], since: at() };
      audit({ at: at(), actor: person.id, action: 'session.signIn', detail: { roles: person.roles, demo: demoMode() } });
      log.info({ userId: person.id, roles: person.roles }, 'signed in');
      return current;
    },
    /**
     * Another person confirms at this window with their own PIN (e.g. a mentor's co-signature or sign-off) without
     * signing in; they must hold `role`. Audited with both people; the signed-in person stays.
     */
    async confirm(userId: string, pin: string, role: Role): Promise<{ id: string; name: string }> {
      const person = await checkPin(userId, pin, 'confirm');
      if (!person.roles.includes(role)) throw new CoreError('forbidden', `${userId} does not hold the role ${role}`, CONFIRM_REFUSED[role] ?? 'error.roleForbidden');
      audit({ at: at(), actor: person.id, action: 'session.confirm', detail: { role, signedIn: current?.id ?? null } });
      return { id: person.id, name: person.name };
    },
    signOut(reason: 'signOut' | 'handOver' = 'signOut'): void {
      if (!current) return;
      audit({ at: at(), actor: current.id, action: `session.${reason}`, detail: reason === 'handOver' ? { openDrafts: openDrafts().length } : undefined });
      log.info({ userId: current.id, reason }, 'signed out');
      current = null;
    },
    openDrafts,
    listUsers(): UserView[] {
      return people().map((p) => ({ id: p.id, name: p.name, roles: p.roles, disabled: p.disabled }));
    },
    /** Adds or changes a person in the provisioned file (PIN hashed here, never stored or logged in clear). */
    async saveUser(input: { id: string; name: string; roles: Role[]; disabled: boolean; pin?: string }): Promise<UserView[]> {
      const file = deps.configFile;
      if (!file) throw new CoreError('conflict', 'this terminal was started without a configuration file', 'error.noConfigFile');
      const before = users.find((u) => u.id === input.id);
      if (!before && !input.pin) throw new CoreError('invalid_input', 'a new user needs a PIN', 'error.pinRequired', [issueAt('pin', 'issue.pin.required')]);
      const pinHash = input.pin ? await hashPin(input.pin) : before!.pinHash;
      const next: UserConfig = { id: input.id, name: input.name, roles: [...new Set(input.roles)], disabled: input.disabled, pinHash };
      const nextUsers = before ? users.map((u) => (u.id === input.id ? next : u)) : [...users, next];
      // Without an enabled branch admin on file nobody could add, change or re-enable a person after a restart.
      if (!nextUsers.some((u) => !u.disabled && u.roles.includes('branch_admin'))) {
        throw new CoreError('conflict', 'the people on file must keep an enabled branch admin', 'error.lastAdmin');
      }
      const onFile = configOnFile(file, config);
      const actor = current?.id ?? 'system';
      saveConfig(file, { ...onFile, users: nextUsers }, actor, {
        audit: (e) =>
          audit({ at: at(), actor, action: 'users.save', detail: { userId: input.id, created: !before, pinChanged: !!input.pin, roles: next.roles, disabled: next.disabled, fields: e.changes.length } }),
      });
      users = nextUsers;
      log.info({ userId: input.id, created: !before, pinChanged: !!input.pin }, 'user saved');
      // The person signed in was changed: they keep only what they now hold, and a disabled person is signed out.
      if (current?.id === input.id) {
        if (next.disabled) this.signOut();
        else current = { ...current, name: next.name, roles: [...next.roles] };
      }
      return this.listUsers();
    },
  };
}

/** What a confirmation by someone without the role asked for says (the teller types another person's id). */
const CONFIRM_REFUSED: Partial<Record<Role, string>> = { mentor: 'error.notMentor' };

/** Verified against when the id is unknown, so that an unknown id takes as long as a wrong PIN. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export type WindowSession = ReturnType<typeof createWindowSession>;
