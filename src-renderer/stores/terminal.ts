import { create } from 'zustand';
import { mayCall, type ApplicantView, type Caller, type CaseView, type CatalogItem, type Draft, type Session, type StatusSnapshot } from '../../src-main/contract';
import { ApiError, api, onReconnect, subscribe } from '../api/client';
import { chinaToday } from '../features/counter/china-time';

interface TerminalState {
  /** Who is signed in: what the screens may call is asked of the role table (mayCall), never tried and refused. */
  caller: Caller | null;
  session: Session | null;
  status: StatusSnapshot | null;
  applicant: ApplicantView | null;
  item: CatalogItem | null;
  cases: CaseView[];
  /** The case just accepted at this window, shown until the next citizen. */
  current: CaseView | null;
  /** A refused intake being completed on the return visit. */
  resuming: CaseView | null;
  /** A draft restored after a restart, applied once by the intake form. */
  restored: Draft | null;
  /** The citizen's queue ticket number (排队号), typed or scanned, until the next citizen. */
  queueNo: string;
  setQueueNo(queueNo: string): void;
  setResuming(c: CaseView | null): void;
  init(caller: Caller): Promise<void>;
  setApplicant(a: ApplicantView | null): void;
  setItem(item: CatalogItem | null): void;
  accepted(c: CaseView): void;
  nextCitizen(): void;
  refreshCases(): Promise<void>;
}

/** Of two views of one case, the later: an event may arrive before the answer of the call that caused it. */
function later(a: CaseView, b: CaseView): CaseView {
  if (a.rev !== b.rev) return a.rev > b.rev ? a : b;
  return b.updatedAt >= a.updatedAt ? b : a;
}

function upsertCase(list: CaseView[], c: CaseView): CaseView[] {
  const i = list.findIndex((x) => x.caseId === c.caseId);
  if (i === -1) return [c, ...list];
  const next = list.slice();
  next[i] = later(list[i]!, c);
  return next;
}

/** What the store listens to for the person signed in now (events, reconnection); dropped at the next sign-in. */
const listening: (() => void)[] = [];

export const useTerminal = create<TerminalState>((set, get) => ({
  caller: null,
  session: null,
  status: null,
  applicant: null,
  item: null,
  cases: [],
  current: null,
  resuming: null,
  restored: null,
  queueNo: '',
  setQueueNo: (queueNo) => set({ queueNo }),
  setResuming: (resuming) => set({ resuming, current: null }),
  async init(caller) {
    set({ caller });
    // One set of listeners for whoever signed in last (init runs at each sign-in).
    for (const stop of listening.splice(0)) stop();
    listening.push(
      subscribe('statusChanged', (status) => set({ status })),
      subscribe('cardRead', (applicant) => set({ applicant })),
      subscribe('caseUpdated', (c) =>
        set((s) => ({ cases: upsertCase(s.cases, c), current: s.current?.caseId === c.caseId ? later(s.current, c) : s.current })),
      ),
      onReconnect(() => {
        void api.getStatus({}).then((status) => set({ status }), () => undefined);
        void get().refreshCases().catch(() => undefined); // the next change or reconnection asks again
      }),
    );
    // A person without a window role (branch admin, support) has no drafts or cases: nothing is asked for them.
    const draftOf = mayCall('loadDraft', caller) ? api.loadDraft({}).catch(() => null) : null;
    const [session, status, draft] = await Promise.all([api.getSession({}), api.getStatus({}), draftOf]);
    set({ session, status });
    if (draft?.itemCode) {
      const item = await api.getItem({ code: draft.itemCode });
      set({ restored: draft, applicant: draft.applicant, item, queueNo: draft.queueNo ?? '' });
    }
    await get().refreshCases().catch(() => undefined);
  },
  setApplicant: (applicant) => set({ applicant }),
  setItem: (item) => set({ item }),
  accepted: (c) =>
    set((s) => {
      const cases = upsertCase(s.cases, c);
      return { current: cases.find((x) => x.caseId === c.caseId) ?? c, resuming: null, restored: null, cases };
    }),
  // The whole case goes (its draft too), so the next card placed starts a new one.
  nextCitizen: () => {
    set({ applicant: null, item: null, current: null, resuming: null, restored: null, queueNo: '' });
    void api.discardDraft({});
  },
  async refreshCases() {
    if (!mayCall('listCases', get().caller)) return;
    try {
      set({ cases: await api.listCases({ date: chinaToday(), limit: 200 }) });
    } catch (err) {
      // Asked while the person was signing out: nobody's cases to show.
      if (err instanceof ApiError && err.error.code === 'sign_in_required') return;
      throw err;
    }
  },
}));
