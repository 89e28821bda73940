import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { KvLease } from '../../../src-main/core/sync/lease';
import { LineMonitor } from '../../../src-main/core/sync/line-monitor';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  dbs.splice(0).forEach((d) => d.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function twoConnections(): [Db, Db] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-lease-'));
  dirs.push(dir);
  const a = openDatabase(path.join(dir, 't.db'));
  const b = openDatabase(path.join(dir, 't.db'));
  dbs.push(a, b);
  return [a, b];
}

describe('kv lease', () => {
  it('has one holder at a time across connections, renews, and expires when its holder stops renewing', () => {
    const [a, b] = twoConnections();
    let now = 1_000_000;
    const clock = () => now;
    const la = new KvLease(a, 'sync.lease.si', 'A', 1000, clock);
    const lb = new KvLease(b, 'sync.lease.si', 'B', 1000, clock);
    expect(la.acquire()).toBe(true);
    expect(lb.acquire()).toBe(false);
    expect(lb.otherExpiresInMs()).toBe(1000);
    now += 800;
    expect(la.acquire()).toBe(true); // renewal
    now += 800;
    expect(lb.acquire()).toBe(false); // renewed lease still valid
    now += 300; // A died 1100 ms ago
    expect(la.held()).toBe(false);
    expect(lb.acquire()).toBe(true);
    expect(la.acquire()).toBe(false);
    lb.release();
    expect(la.acquire()).toBe(true);
  });

  it('release by a non-holder leaves the lease alone', () => {
    const [a, b] = twoConnections();
    const clock = () => 5_000;
    const la = new KvLease(a, 'k', 'A', 1000, clock);
    const lb = new KvLease(b, 'k', 'B', 1000, clock);
    la.acquire();
    lb.acquire();
    lb.release();
    expect(lb.acquire()).toBe(false);
  });
});

describe('line monitor', () => {
  it('is unknown before any exchange, down while nothing ever answered, up when answers are fast, degraded on errors or slowness', () => {
    const m = new LineMonitor(1000, 4);
    const flags = { paused: false, down: false };
    expect(m.state(flags)).toBe('unknown');
    m.record(false, 50);
    expect(m.state(flags)).toBe('down');
    m.record(true, 50);
    expect(m.state(flags)).toBe('degraded'); // the failure is still in the window
    for (let i = 0; i < 4; i++) m.record(true, 50);
    expect(m.state(flags)).toBe('up');
    m.record(false, 50);
    expect(m.state(flags)).toBe('degraded');
    for (let i = 0; i < 4; i++) m.record(true, 50);
    expect(m.state(flags)).toBe('up');
    for (let i = 0; i < 4; i++) m.record(true, 5000);
    expect(m.state(flags)).toBe('degraded');
    expect(m.state({ paused: false, down: true })).toBe('down');
    expect(m.state({ paused: true, down: true })).toBe('paused');
  });
});
