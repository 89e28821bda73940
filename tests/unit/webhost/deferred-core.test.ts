import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-main/contract';
import { deferredCore } from '../../../src-main/webhost/deferred-core';
import type { CoreLink } from '../../../src-main/webhost/server';

/** A core that answers every call with its name and lets the test publish events. */
function fakeCore(): CoreLink & { publish(event: string): void } {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  return {
    dispatch: async (name) => ({ ok: true, value: `core:${String(name)}` }),
    citizenDispatch: async (name) => ({ ok: true, value: `citizen:${String(name)}` }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish: (event) => listeners.forEach((l) => l(event, null)),
  };
}

describe('the web host reaching a core that is still starting', () => {
  it('holds calls until the core is up, then answers them from it', async () => {
    const deferred = deferredCore();
    let answered: CallResult<unknown> | null = null;
    const waiting = deferred.link.dispatch('windowState', {}).then((r) => (answered = r));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBeNull();
    deferred.ready(fakeCore());
    await waiting;
    expect(answered).toEqual({ ok: true, value: 'core:windowState' });
    expect(await deferred.link.citizenDispatch!('rateCase', {})).toEqual({ ok: true, value: 'citizen:rateCase' });
  });

  it('delivers events from the moment the core is up, and not after unsubscribing', async () => {
    const deferred = deferredCore();
    const seen: string[] = [];
    const kept = deferred.link.subscribe((e) => seen.push(`kept:${e}`));
    const dropped = deferred.link.subscribe((e) => seen.push(`dropped:${e}`));
    dropped();
    const core = fakeCore();
    deferred.ready(core);
    await Promise.resolve();
    core.publish('statusChanged');
    kept();
    core.publish('caseUpdated');
    expect(seen).toEqual(['kept:statusChanged']);
  });

  it('answers unavailable to waiting and later calls when the core cannot start', async () => {
    const deferred = deferredCore();
    const waiting = deferred.link.dispatch('getSession', {});
    deferred.failed();
    for (const r of [await waiting, await deferred.link.dispatch('getStatus', {}), await deferred.link.citizenDispatch!('x', {})]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unavailable');
    }
  });
});
