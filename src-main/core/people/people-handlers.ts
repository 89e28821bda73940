import type { Handlers } from '../dispatch';
import type { WindowSession } from './window-session';

type PeopleHandlers = Pick<Handlers, 'windowState' | 'signIn' | 'signOut' | 'handOver' | 'listUsers' | 'saveUser'>;

/**
 * The contract's calls for who is at the window (their access is in the role table, access.ts). `onWindowShown` runs
 * after a windowState call has been answered: a screen has come up and asks who is there, so a teller is about to sign
 * in and search (the core warms the item search then, while the PIN is typed).
 */
export function createPeopleHandlers(session: WindowSession, onWindowShown: () => void = () => {}): PeopleHandlers {
  return {
    windowState: () => {
      setImmediate(onWindowShown);
      return session.state();
    },
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
