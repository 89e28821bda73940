import { describe, expect, it } from 'vitest';
import { callNames, type CallName, type Role } from '../../../src-main/contract';
import { createDispatcher, type Handlers } from '../../../src-main/core/dispatch';
import { silentLogger } from '../../../src-main/core/logging/types';
import { ROLE_TABLE, type Caller } from '../../../src-main/core/people/access';

/**
 * The role table, enforced by the dispatcher, for every call of the contract and every role: a call outside the
 * role is refused with a typed error before its handler runs (input is not even parsed), a call inside reaches it.
 */
const REACHED = 'reached the handler';
const handlers = new Proxy({} as Handlers, {
  get: () => () => {
    throw new Error(REACHED);
  },
});

async function outcome(name: CallName, caller: Caller | null): Promise<string> {
  const dispatch = createDispatcher(handlers, silentLogger, { caller: () => caller });
  const r = await dispatch(name, {});
  if (r.ok) return 'ok';
  // A call that got past the role table either fails validation or reaches the handler (which throws → internal).
  return r.error.code === 'sign_in_required' || r.error.code === 'forbidden' ? r.error.code : 'allowed';
}

const ROLES: Role[] = ['teller', 'mentor', 'branch_admin', 'support'];

describe('role table', () => {
  it('has a line for every call of the contract', () => {
    expect(Object.keys(ROLE_TABLE).sort()).toEqual([...callNames].sort());
  });

  it('before sign-in only the sign-in screen, the status and the renderer log are reachable', async () => {
    const open: string[] = [];
    for (const name of callNames) if ((await outcome(name, null)) === 'allowed') open.push(name);
    expect(open.sort()).toEqual(['getSession', 'getStatus', 'log', 'signIn', 'windowState']);
    expect(await outcome('submitCase', null)).toBe('sign_in_required');
  });

  for (const role of ROLES) {
    it(`a ${role} reaches exactly the calls the table grants, and gets forbidden for the rest`, async () => {
      const caller = { id: 'X0001', roles: [role] };
      for (const name of callNames) {
        const access = ROLE_TABLE[name];
        const granted = access === 'anyone' || access === 'signedIn' || access.includes(role);
        expect([name, await outcome(name, caller)]).toEqual([name, granted ? 'allowed' : 'forbidden']);
      }
    });
  }

  it('sensitive calls belong to their role only', async () => {
    const as = (role: Role) => ({ id: 'X0001', roles: [role] });
    for (const name of ['saveTerminalSettings', 'getTerminalSettings', 'saveDeviceSettings', 'saveUser'] as const) {
      expect(await outcome(name, as('branch_admin'))).toBe('allowed');
      for (const r of ['teller', 'mentor', 'support'] as const) expect(await outcome(name, as(r))).toBe('forbidden');
    }
    for (const name of ['exportUnsent', 'readLogs', 'diagnosticsBundle', 'setLogLevel'] as const) {
      expect(await outcome(name, as('support'))).toBe('allowed');
      for (const r of ['teller', 'mentor', 'branch_admin'] as const) expect(await outcome(name, as(r))).toBe('forbidden');
    }
    for (const name of ['submitCase', 'getCase', 'searchCases', 'applicantHistory'] as const) {
      for (const r of ['teller', 'mentor'] as const) expect(await outcome(name, as(r))).toBe('allowed');
      for (const r of ['branch_admin', 'support'] as const) expect(await outcome(name, as(r))).toBe('forbidden');
    }
  });
});
