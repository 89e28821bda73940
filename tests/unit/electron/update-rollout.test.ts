/**
 * Staged roll-out across the fleet (issue 16): a played intranet update server (latest.yml in electron-updater's
 * format, over HTTP on loopback) against the updater's own decision code (update-rollout.ts) and install gate
 * (update-gate.ts), for 1,000 simulated terminal ids.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UUID } from 'builder-util-runtime';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpdateGate } from '../../../src-main/electron/update-gate';
import { isWithinRollout, stagingRank, stagingUserIdFor } from '../../../src-main/electron/update-rollout';

const INSTALLED = '0.1.0';
/** 250 branches × 4 windows, ids as branch IT assigns them. */
const TERMINALS = Array.from({ length: 1_000 }, (_, i) => `3303-${String(Math.floor(i / 4)).padStart(4, '0')}-W${(i % 4) + 1}`);

let staging: number | string | undefined;
let server: http.Server;
let feed: string;

/** latest.yml as electron-builder writes it (generic provider), with the share the operator set. */
function latestYml(): string {
  return dump({
    version: '0.2.0',
    files: [{ url: 'OneWindow-Setup-0.2.0.exe', sha512: 'c2hhNTEy', size: 91_234_567 }],
    path: 'OneWindow-Setup-0.2.0.exe',
    sha512: 'c2hhNTEy',
    releaseDate: '2026-12-05T02:00:00.000Z',
    ...(staging === undefined ? {} : { stagingPercentage: staging }),
  });
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url !== '/onewindow/win32/x64/latest.yml') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/yaml' }).end(latestYml());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/onewindow/win32/x64`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
);

/** Release versions here are plain x.y.z (electron-updater compares with semver; no pre-releases in this feed). */
function newer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  const i = x!.findIndex((n, k) => n !== y![k]);
  return i >= 0 && x![i]! > y![i]!;
}

type FeedInfo = { version: string; stagingPercentage?: unknown };

async function fetchFeed(): Promise<FeedInfo> {
  const res = await fetch(`${feed}/latest.yml`);
  return load(await res.text()) as FeedInfo;
}

/** A terminal's decision on the feed it fetched, in electron-updater's order: newer version?, within the roll-out? */
function decides(terminalId: string, info: FeedInfo): boolean {
  return newer(info.version, INSTALLED) && isWithinRollout(info.stagingPercentage, stagingUserIdFor(terminalId));
}

async function takesUpdate(terminalId: string): Promise<boolean> {
  return decides(terminalId, await fetchFeed());
}

/**
 * One round of checks by the whole fleet. The generic provider serves the same static latest.yml to every terminal,
 * so a round fetches it a few times (not 1,000: a loaded CI machine needs ~5 ms a fetch) and each terminal decides on it.
 */
async function fleetCheck(): Promise<Set<string>> {
  const taking = new Set<string>();
  for (const [i, id] of TERMINALS.entries()) {
    const info = i % 100 === 0 || !lastInfo ? (lastInfo = await fetchFeed()) : lastInfo;
    if (decides(id, info)) taking.add(id);
  }
  lastInfo = null;
  return taking;
}
let lastInfo: FeedInfo | null = null;

describe('staged roll-out over 1,000 terminals', () => {
  it('reads the staging id exactly as electron-updater does (bytes 12..15 of the UUID)', () => {
    for (const id of TERMINALS.slice(0, 50)) {
      const uuid = stagingUserIdFor(id);
      expect(UUID.check(uuid)).toBeTruthy();
      expect(stagingRank(uuid)).toBe(UUID.parse(uuid).readUInt32BE(12) / 0xffffffff);
    }
  });

  it('gives about the staged share the update, the same terminals on every check, and only adds terminals as the share rises', async () => {
    const byShare = new Map<number, Set<string>>();
    for (const share of [10, 50]) {
      staging = share;
      const first = await fleetCheck();
      const again = await fleetCheck();
      expect([...again]).toEqual([...first]);
      // 1,000 independent-looking ranks: within 4 points of the share (the binomial sd is 0.9–1.6 points).
      expect(Math.abs(first.size / TERMINALS.length - share / 100)).toBeLessThan(0.04);
      byShare.set(share, first);
    }
    for (const id of byShare.get(10)!) expect(byShare.get(50)!.has(id)).toBe(true);
    staging = 100;
    expect((await fleetCheck()).size).toBe(1_000);
  });

  it('halts at 0 %, releases to all when the share is removed, and holds on a malformed share', async () => {
    staging = 0;
    expect((await fleetCheck()).size).toBe(0);
    staging = 'ten';
    expect((await fleetCheck()).size).toBe(0);
    staging = undefined;
    expect((await fleetCheck()).size).toBe(1_000);
  });

  it('never installs on a terminal in the middle of a case, and installs once the counter is quiet', async () => {
    staging = 10;
    const id = TERMINALS.find((t) => isWithinRollout(10, stagingUserIdFor(t)))!;
    let now = 0;
    let inCase = true;
    let installs = 0;
    const gate = createUpdateGate({ check: () => takesUpdate(id), isIdle: async () => !inCase, install: () => installs++, quietMs: 60_000, clock: () => now });
    await gate.tick(); // the check: downloaded
    expect(gate.state().downloaded).toBe(true);
    for (let i = 0; i < 100; i++) {
      now += 15_000;
      await gate.tick();
    }
    expect(installs).toBe(0); // 25 minutes in one case: never
    inCase = false;
    await gate.tick();
    now += 30_000;
    await gate.tick();
    inCase = true; // the next citizen steps up before the counter was quiet for a minute
    now += 45_000;
    await gate.tick();
    expect(installs).toBe(0);
    inCase = false;
    await gate.tick();
    now += 60_000;
    await gate.tick();
    expect(installs).toBe(1);
  });
});
