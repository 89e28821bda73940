import type { Role } from '../../../src-main/contract';

/**
 * Which screens a role sees. Only a convenience: the core's role table (src-main/core/people/access.ts) refuses the
 * calls behind a screen whatever the UI shows.
 */
const TABS: Record<string, readonly Role[] | 'all'> = {
  intake: ['teller', 'mentor'],
  worklist: ['teller', 'mentor'],
  errands: ['teller', 'mentor'],
  guides: 'all',
  devices: ['branch_admin'],
  support: ['support', 'branch_admin'],
  settings: ['branch_admin'],
  users: ['branch_admin'],
};

export function tabAllowed(key: string, roles: readonly Role[]): boolean {
  const allowed = TABS[key] ?? 'all';
  return allowed === 'all' || roles.some((r) => allowed.includes(r));
}
