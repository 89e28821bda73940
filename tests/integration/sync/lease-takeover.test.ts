import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/core/db/open';
import { KvLease } from '../../../src-main/core/sync/lease';
import { provablyDead, selfIdentity, type ProcessIdentity } from '../../../src-main/core/sync/process-identity';
import { createSyncEngine } from '../../../src-main/core/sync';
import { silentLogger } from '../../../src-main/core/logging/types';
import { startSimulator } from '../../../src-main/simulator';
import { FAST_TUNING, openTerminal, outboxStates, waitFor } from '../../fault/support/terminal';

const TTL = 60_000; // far longer than any test here: a takeover can only come from the holder being provably dead
const children: ChildProcess[] = [];
const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));
  dbs.splice(0).forEach((d) => d.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function dbFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-lease-takeover-'));
  dirs.push(dir);
  const file = path.join(dir, 'onewindow.db');
  dbs.push(openDatabase(file)); // migrated once here, before the child opens it
  return file;
}

/** Starts a real process that takes the lease on `file` and keeps renewing it. */
async function holder(file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lease-holder-child.ts'), file, String(TTL)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => resolve(out.trim() || 'exited'));
  });
  expect(line).toBe('held');
  return child;
}

const killed = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });

function leaseHere(db: Db, name = 'restarted'): KvLease {
  return new KvLease(db, 'sync.lease.si', name, TTL, Date.now, { process: selfIdentity() });
}

describe('sync lease after a crash', () => {
  it('is not taken from a live holder in another process, and is taken at once when that process is SIGKILLed', async () => {
    const file = dbFile();
    const child = await holder(file);
    const lease = leaseHere(dbs[0]!);
    expect(lease.acquire()).toBe(false);
    expect(lease.otherExpiresInMs()).toBeGreaterThan(TTL / 2);
    await killed(child);
    expect(lease.acquire()).toBe(true); // the dead holder's lease had almost a minute left
    expect(lease.takenOverFrom()).toMatchObject({ pid: child.pid });
    expect(lease.held()).toBe(true);
  });

  it('a second live process on the same file cannot take a lease held by this one', async () => {
    const file = dbFile();
    expect(leaseHere(dbs[0]!).acquire()).toBe(true);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lease-holder-child.ts'), file, String(TTL)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1); // it printed "refused"
  });

  it('counts a reused pid (a live process under the holder pid that started at another time) as dead, the holder itself as alive', async () => {
    const file = dbFile();
    const child = await holder(file);
    const row = dbs[0]!.prepare("SELECT value FROM kv WHERE key = 'sync.lease.si'").get() as { value: string };
    const recorded = (JSON.parse(row.value) as { process: ProcessIdentity }).process;
    expect(recorded.pid).toBe(child.pid);
    expect(provablyDead(recorded)).toBe(false);
    if (!recorded.startTicks) return; // no /proc on this OS: a live pid always counts as alive there (checked above)
    // The same pid with another start time is what the lease looks like after the holder died and its pid was reused.
    expect(provablyDead({ ...recorded, startTicks: String(Number(recorded.startTicks) - 1) })).toBe(true);
    const write = dbs[0]!.prepare("UPDATE kv SET value = ? WHERE key = 'sync.lease.si'");
    write.run(JSON.stringify({ ...JSON.parse(row.value), process: { ...recorded, startTicks: '1' } }));
    expect(leaseHere(dbs[0]!).acquire()).toBe(true);
  });

  it('never counts a holder on another host, after an unknown boot, or without a pid as dead', () => {
    const self = selfIdentity();
    expect(provablyDead({ ...self, host: `${self.host}-other`, pid: 2 ** 22 + 1 }, self)).toBe(false);
    expect(provablyDead({ host: self.host }, self)).toBe(false);
    expect(provablyDead(undefined, self)).toBe(false);
  });

  it('counts a holder whose pid no longer exists as dead, and a lease without a recorded process waits for expiry', () => {
    dbFile();
    const db = dbs[0]!;
    const self = selfIdentity();
    const gone = { ...self, pid: 2 ** 22 + 7 }; // above Linux's pid_max: no such process
    expect(provablyDead(gone, self)).toBe(true);
    const write = (value: object) =>
      db.prepare("INSERT OR REPLACE INTO kv (key, value, updated_at) VALUES ('sync.lease.si', ?, '')").run(JSON.stringify(value));
    write({ holder: 'old-version', expiresAt: Date.now() + TTL });
    expect(leaseHere(db).acquire()).toBe(false);
    write({ holder: 'dead', expiresAt: Date.now() + TTL, process: gone });
    expect(leaseHere(db).acquire()).toBe(true);
  });

  it('two live engines in two processes on one database file: only one sends; the other takes over at once when that process is SIGKILLed', async () => {
    const sim = await startSimulator({ seed: 5 });
    const term = openTerminal({ urls: { si: sim.si.url, tax: null } });
    const here = createSyncEngine({ db: term.db, vault: term.vault, config: term.config, logger: silentLogger, onEvent: () => {}, tuning: { ...FAST_TUNING, leaseTtlMs: TTL }, endpoints: ['si'] });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'engine-child.ts'), term.dir, sim.si.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      const first = term.addCase();
      await waitFor(() => outboxStates(term.db).sent === 1, 'the child engine sends');
      here.start(); // the child holds the lease: this engine must not send while it lives
      const ids = Array.from({ length: 20 }, () => term.addCase());
      here.kick();
      await waitFor(() => outboxStates(term.db).sent === 21, 'all sent', 20_000);
      for (const id of [first, ...ids]) expect(sim.control.requestCount(`${id}:1`)).toBe(1);
      const holder = () => (JSON.parse((term.db.prepare("SELECT value FROM kv WHERE key = 'sync.lease.si'").get() as { value: string }).value) as { process: ProcessIdentity }).process.pid;
      expect(holder()).toBe(child.pid);

      await killed(child);
      const late = term.addCase();
      here.kick();
      // The child's lease had almost a minute left: only proving it dead lets this engine send now.
      await waitFor(() => sim.control.receivedCount(`${late}:1`) === 1, 'this engine took over', 5_000);
      expect(holder()).toBe(process.pid);
    } finally {
      await here.stop();
      term.close();
      await sim.close();
    }
  });
});
