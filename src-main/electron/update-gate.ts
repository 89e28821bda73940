/**
 * When to install an update: only between cases, never mid-case. Electron-free, so it is unit-tested here.
 * An update is checked now and then; once downloaded, it waits until the counter is idle (no intake in progress
 * at this window) for `quietMs` in a row, then installs (the app restarts into the new version).
 */
export interface UpdateGateOptions {
  /** Asks the update server (electron-updater); resolves when a newer version is downloaded, or with false. */
  check: () => Promise<boolean>;
  /** True when no intake is in progress (the core has no draft for this window). */
  isIdle: () => Promise<boolean>;
  install: () => void;
  checkEveryMs?: number;
  pollIdleMs?: number;
  /** How long the counter must stay idle before installing. */
  quietMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  clock?: () => number;
}

export function createUpdateGate(opts: UpdateGateOptions) {
  const checkEvery = opts.checkEveryMs ?? 4 * 3600_000;
  const pollIdle = opts.pollIdleMs ?? 15_000;
  const quiet = opts.quietMs ?? 60_000;
  const clock = opts.clock ?? Date.now;
  let downloaded = false;
  let idleSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let installed = false;

  async function tick(): Promise<void> {
    if (!downloaded) {
      try {
        downloaded = await opts.check();
        if (downloaded) opts.log?.('update downloaded; waiting for a moment between cases');
      } catch (err) {
        opts.log?.('update check failed', { err: (err as Error).message });
      }
      return;
    }
    const idle = await opts.isIdle().catch(() => false);
    if (!idle) {
      idleSince = null;
      return;
    }
    idleSince ??= clock();
    if (clock() - idleSince >= quiet && !installed) {
      installed = true;
      opts.log?.('installing the update between cases');
      opts.install();
    }
  }

  function schedule(): void {
    if (stopped || installed) return;
    timer = setTimeout(() => void tick().finally(schedule), downloaded ? pollIdle : checkEvery);
  }

  return {
    start(): void {
      void tick().finally(schedule);
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    /** For tests and the support screen. */
    tick,
    state: () => ({ downloaded, installed, idleSince }),
  };
}
