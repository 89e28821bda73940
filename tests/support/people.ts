import type { CallResult, Role } from '../../src-main/contract';
import type { UserConfig } from '../../src-main/core/config/schema';
import { hashPin } from '../../src-main/core/people/pin';

/**
 * People for tests, provisioned like a real terminal's (PINs as scrypt hashes in `users`). T0042 holds every duty so
 * that tests written before sign-in existed keep working once signed in; the others hold one role each.
 */
export const TEST_PIN = '246813';
export const TEST_PEOPLE: readonly { id: string; name: string; roles: Role[] }[] = [
  { id: 'T0042', name: '测试柜员', roles: ['teller', 'branch_admin', 'support'] },
  { id: 'T0043', name: '新柜员', roles: ['teller'] },
  { id: 'M0001', name: '导师', roles: ['mentor'] },
  { id: 'A0001', name: '网点管理员', roles: ['branch_admin'] },
  { id: 'S0001', name: '技术支持', roles: ['support'] },
];

let hashed: Promise<UserConfig[]> | null = null;

/** The `users` block of a test configuration (hashed once per process). */
export function testUsers(): Promise<UserConfig[]> {
  hashed ??= hashPin(TEST_PIN).then((pinHash) => TEST_PEOPLE.map((p) => ({ ...p, roles: [...p.roles], pinHash, disabled: false })));
  return hashed;
}

type Dispatch = (name: string, input: unknown) => Promise<CallResult<unknown>>;

/** Signs `userId` in at the window through the contract's call. */
export async function signInAs(dispatch: Dispatch, userId = 'T0042', pin = TEST_PIN): Promise<void> {
  const r = await dispatch('signIn', { userId, pin });
  if (!r.ok) throw new Error(`signIn ${userId}: ${r.error.code} ${r.error.message}`);
}
