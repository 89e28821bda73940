import { create } from 'zustand';
import { api } from '../../api/client';
import { useTerminal } from '../../stores/terminal';

interface PracticeState {
  /** Practice is on at this window (the core's session says so after every switch). */
  on: boolean;
  /** A mentor's co-signature typed at the window for the item in hand (交叉式), sent with the case. */
  cosign: { mentorId: string; mentorPin: string } | null;
  load(): Promise<void>;
  set(on: boolean): Promise<void>;
  setCosign(c: { mentorId: string; mentorPin: string } | null): void;
}

/** Practice mode as the screens see it: switching clears the window and reloads the case list of the workspace. */
export const usePractice = create<PracticeState>((set) => ({
  on: false,
  cosign: null,
  async load() {
    set({ on: (await api.getSession({})).practice });
  },
  async set(on) {
    const { practice } = await api.setPractice({ on });
    set({ on: practice, cosign: null });
    useTerminal.getState().nextCitizen();
    await useTerminal.getState().refreshCases();
  },
  setCosign: (cosign) => set({ cosign }),
}));
