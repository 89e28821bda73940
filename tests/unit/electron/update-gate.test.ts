import { describe, expect, it } from 'vitest';
import { createUpdateGate } from '../../../src-main/electron/update-gate';

function harness(opts: { available: boolean }) {
  let now = 0;
  let idle = false;
  let installs = 0;
  let checks = 0;
  const gate = createUpdateGate({
    check: async () => {
      checks++;
      return opts.available;
    },
    isIdle: async () => idle,
    install: () => installs++,
    quietMs: 60_000,
    clock: () => now,
  });
  return {
    gate,
    setIdle: (v: boolean) => (idle = v),
    advance: (ms: number) => (now += ms),
    installs: () => installs,
    checks: () => checks,
  };
}

describe('update gate', () => {
  it('never installs while an intake is in progress', async () => {
    const h = harness({ available: true });
    await h.gate.tick(); // downloads
    h.setIdle(false);
    for (let i = 0; i < 10; i++) {
      h.advance(60_000);
      await h.gate.tick();
    }
    expect(h.installs()).toBe(0);
  });

  it('installs once, after the counter has been idle for the quiet period', async () => {
    const h = harness({ available: true });
    await h.gate.tick();
    h.setIdle(true);
    await h.gate.tick(); // idle starts now
    h.advance(30_000);
    await h.gate.tick();
    expect(h.installs()).toBe(0);
    h.setIdle(false); // a citizen arrives: the quiet period starts again
    await h.gate.tick();
    h.setIdle(true);
    await h.gate.tick();
    h.advance(59_000);
    await h.gate.tick();
    expect(h.installs()).toBe(0);
    h.advance(1_000);
    await h.gate.tick();
    await h.gate.tick();
    expect(h.installs()).toBe(1);
  });

  it('does nothing when there is no update', async () => {
    const h = harness({ available: false });
    h.setIdle(true);
    for (let i = 0; i < 3; i++) {
      await h.gate.tick();
      h.advance(120_000);
    }
    expect(h.installs()).toBe(0);
    expect(h.checks()).toBe(3);
  });
});
