/**
 * The citizen view's token in the web host is a separate, minimal capability: it shows the current case and rates
 * it, and can do nothing else; the teller's token does not reach the citizen's calls either. A real terminal core
 * (real SQLite, the simulator on loopback) behind a real web host.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, citizenCallNames } from '../../../src-main/contract';
import { silentLogger } from '../../../src-main/core/logging/types';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { Terminal } from '../../../src-main/terminal';
import { startWebHost, type WebHost } from '../../../src-main/webhost/server';
import { startTestTerminal } from '../core/support';

const TELLER = 'teller-token-0123456789abcdef';
const CITIZEN = 'citizen-token-0123456789abcd';
let dir: string;
let sim: Simulator;
let terminal: Terminal;
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-citizen-'));
  writeFileSync(path.join(dir, 'citizen.html'), '<!doctype html><title>c</title>');
  sim = await startSimulator({ siPort: 0, taxPort: 0 });
  terminal = await startTestTerminal(path.join(dir, 'data'), sim);
  host = await startWebHost({ core: terminal.core, token: TELLER, citizenToken: CITIZEN, staticDir: dir, logger: silentLogger });
});
afterAll(async () => {
  await host.close();
  await terminal.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(route: string, token: string, body: unknown = {}): Promise<{ status: number; body: { ok: boolean; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: route, method: 'POST', headers: { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as never }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the citizen view token', () => {
  it('is printed as its own page with its own token', () => {
    expect(host.citizenUrl).toBe(`http://127.0.0.1:${host.port}/citizen.html?token=${CITIZEN}`);
    expect(citizenCallNames.sort()).toEqual(['currentCase', 'rateCase']);
  });

  it('shows the current case (none yet) and refuses a rating of a case not shown', async () => {
    expect(await post('/citizen/api/call/currentCase', CITIZEN)).toEqual({ status: 200, body: { ok: true, value: null } });
    const r = await post('/citizen/api/call/rateCase', CITIZEN, { caseId: '0192f1c4-0000-7000-8000-000000000001', rev: 1, level: 5, reasons: [] });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('forbidden');
  });

  it("cannot call any of the teller's calls, on either route", async () => {
    for (const name of callNames) {
      const teller = await post(`/api/call/${name}`, CITIZEN);
      expect(teller.status, name).toBe(401);
      const asCitizen = await post(`/citizen/api/call/${name}`, CITIZEN);
      expect(asCitizen.status, name).toBe(404);
      expect(asCitizen.body.error?.code, name).toBe('unknown_call');
    }
  });

  it("does not open the teller's event socket", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${CITIZEN}`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
      ws.on('error', () => resolve('error'));
    });
    ws.terminate();
    expect(outcome).toBe('HTTP 403');
  });

  it("is not the teller's token, and the teller's token does not reach the citizen's calls", async () => {
    for (const name of citizenCallNames) expect((await post(`/citizen/api/call/${name}`, TELLER)).status).toBe(401);
    expect((await post('/api/call/getSession', TELLER)).status).toBe(200);
  });
});
