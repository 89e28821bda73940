import { api } from './client';

/** Sends the renderer's uncaught errors to the core's log (redacted at the sink like every other line). */
export function reportRendererErrors(): void {
  const send = (msg: string, stack?: string) =>
    void api.log({ level: 'error', component: 'ui', msg: msg.slice(0, 2000), ...(stack ? { stack: stack.slice(0, 8000) } : {}) }).catch(() => {});
  window.addEventListener('error', (e) => send(e.message || 'error', e.error instanceof Error ? e.error.stack : undefined));
  window.addEventListener('unhandledrejection', (e) => {
    const reason = e.reason as unknown;
    send(reason instanceof Error ? reason.message : String(reason), reason instanceof Error ? reason.stack : undefined);
  });
}
