import { CoreError, mayCall, type CallName, type Caller } from '../../contract';

export { ROLE_TABLE, mayCall, type Access, type Caller } from '../../contract';

/** Throws the typed error for a call outside the caller's role (or before sign-in). */
export function checkAccess(name: CallName, caller: Caller | null): void {
  if (mayCall(name, caller)) return;
  if (!caller) throw new CoreError('sign_in_required', `${name}: sign in first`, 'error.signInRequired');
  throw new CoreError('forbidden', `${name}: not allowed for this role`, 'error.roleForbidden');
}
