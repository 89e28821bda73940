import type { Handlers } from '../dispatch';
import type { WindowSession } from './window-session';

type PeopleHandlers = Pick<Handlers, 'windowState' | 'signIn' | 'signOut' | 'handOver' | 'listUsers' | 'saveUser'>;

/** The contract's calls for who is at the window (their access is in the role table, access.ts). */
export function createPeopleHandlers(session: WindowSession): PeopleHandlers {
  return {
    windowState: () => session.state(),
    signIn: ({ userId, pin }) => session.signIn(userId, pin),
    signOut: () => {
      session.signOut();
      return { ok: true as const };
    },
    handOver: () => {
      const openDrafts = session.openDrafts();
      session.signOut('handOver');
      return { openDrafts };
    },
    listUsers: () => session.listUsers(),
    saveUser: (input) => session.saveUser(input),
  };
}
