import { mayCall, type CallName, type Caller } from '../../../src-main/contract';

/**
 * Which screens a person sees: each screen names the calls it stands on, and shows when the role table (mayCall, the
 * same table the core enforces) lets the person make at least one of them. So no screen opens only to be refused.
 */
const TABS: Record<string, readonly CallName[] | 'all'> = {
  intake: ['submitCase'],
  worklist: ['listCases'],
  errands: ['errandCandidates'],
  guides: 'all',
  practice: ['practiceItems', 'trainingMatrix'],
  closing: ['dailyClosing'],
  reports: ['reportFigures'],
  devices: ['getDeviceSettings'],
  support: ['syncQueue'],
  settings: ['getTerminalSettings'],
  users: ['listUsers'],
};

export function tabAllowed(key: string, caller: Caller): boolean {
  const calls = TABS[key] ?? 'all';
  return calls === 'all' || calls.some((name) => mayCall(name, caller));
}
