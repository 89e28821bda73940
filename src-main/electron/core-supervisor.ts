import path from 'node:path';
import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';

export interface SupervisorOptions {
  entry: string;
  env: Record<string, string>;
  /** Handed to the core process once at each start (e.g. the data key unsealed by the OS key store). */
  initMessage: Record<string, unknown>;
  onPort: (rendererPort: MessagePortMain) => void;
  /** The citizen window's port (served by the core's citizen dispatcher only); called again after each core restart. */
  onCitizenPort?: (citizenPort: MessagePortMain) => void;
  log: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

/**
 * Runs the core in a utilityProcess and restarts it when it dies (a native driver crash, an uncaught error),
 * with backoff, handing the renderer a fresh MessagePort to the new core each time.
 */
export function superviseCore(opts: SupervisorOptions): { stop(): void; reconnect(): void; reconnectCitizen(): void; isIdle(): Promise<boolean> } {
  let child: UtilityProcess | null = null;
  let stopping = false;
  let restarts = 0;
  let startedAt = 0;
  let nextQuery = 1;
  const idleAnswers = new Map<number, (idle: boolean) => void>();

  function connect(): void {
    if (!child) return;
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'connect' }, [port1]);
    opts.onPort(port2);
  }

  function connectCitizen(): void {
    if (!child || !opts.onCitizenPort) return;
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'connect-citizen' }, [port1]);
    opts.onCitizenPort(port2);
  }

  function start(): void {
    startedAt = Date.now();
    child = utilityProcess.fork(opts.entry, [], {
      serviceName: 'OneWindow core',
      cwd: path.dirname(opts.entry),
      env: { ...opts.env },
      stdio: 'inherit',
    });
    child.postMessage({ type: 'init', ...opts.initMessage });
    child.on('message', (m: { type?: string; id?: number; idle?: boolean }) => {
      if (m?.type === 'idle' && typeof m.id === 'number') {
        idleAnswers.get(m.id)?.(m.idle === true);
        idleAnswers.delete(m.id);
      }
    });
    connect();
    connectCitizen();
    child.once('exit', (code) => {
      child = null;
      if (stopping) return;
      // Back off only when it keeps dying quickly.
      restarts = Date.now() - startedAt > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(500 * 2 ** restarts, 30_000);
      opts.log('error', 'core process exited; restarting', { code, restarts, delayMs: delay });
      setTimeout(start, delay);
    });
  }

  start();
  return {
    stop() {
      stopping = true;
      child?.kill();
    },
    reconnect: connect,
    reconnectCitizen: connectCitizen,
    isIdle() {
      if (!child) return Promise.resolve(false);
      const id = nextQuery++;
      return new Promise((resolve) => {
        idleAnswers.set(id, resolve);
        child!.postMessage({ type: 'idle?', id });
        setTimeout(() => {
          if (idleAnswers.delete(id)) resolve(false);
        }, 5000);
      });
    },
  };
}
