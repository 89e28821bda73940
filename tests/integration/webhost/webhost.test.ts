import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../src-main/contract';
import { createDispatcher, type Handlers } from '../../../src-main/core/dispatch';
import { silentLogger } from '../../../src-main/core/logging/types';
import { startWebHost, type WebHost } from '../../../src-main/webhost/server';

const TOKEN = 'test-token-0123456789abcdef';
const session = { terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', windowNo: 3, tellerId: 'T0042', mode: 'training' as const, version: '0.1.0', host: 'web' as const, practice: false };
let host: WebHost;
let dir: string;
const listeners = new Set<(e: string, p: unknown) => void>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-webhost-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const handlers = new Proxy({ getSession: () => session } as Partial<Handlers>, {
    get: (t, k: string) => t[k as keyof Handlers] ?? (() => { throw new CoreError('not_found', 'n/a'); }),
  }) as Handlers;
  host = await startWebHost({
    core: { dispatch: createDispatcher(handlers, silentLogger, { caller: () => ({ id: 'T0042', roles: ['teller'] }) }), subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) },
    token: TOKEN,
    staticDir: dir,
    logger: silentLogger,
  });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request, so that Host and Origin can be set to anything (fetch forbids that). */
function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const own = () => ({ host: `127.0.0.1:${host.port}` });
const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  request({ path: `/api/call/${name}`, method: 'POST', headers: { ...own(), 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers }, body: JSON.stringify(body) });

describe('web host', () => {
  it('prints a loopback URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
  });

  it('answers a contract call with the token', async () => {
    const r = await call('getSession', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: session });
  });

  it('refuses a call without or with a wrong token', async () => {
    expect((await call('getSession', {}, { authorization: '' })).status).toBe(401);
    expect((await call('getSession', {}, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await call('getSession', {}, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await call('getSession', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('getSession', {}, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('refuses a request with two Host or two Origin headers (the first would have been read, the second forwarded)', async () => {
    const raw = (lines: string[]) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(host.port, '127.0.0.1', () => socket.end([`POST /api/call/getSession HTTP/1.1`, ...lines, `authorization: Bearer ${TOKEN}`, 'content-type: application/json', 'content-length: 2', 'connection: close', '', '{}'].join('\r\n')));
        let text = '';
        socket.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve(text.split(' ')[1] ?? '')).on('error', reject);
      });
    const own = `host: 127.0.0.1:${host.port}`;
    expect(await raw([own])).toBe('200');
    expect(await raw([own, 'host: evil.example'])).toBe('403');
    expect(await raw([own, `origin: http://127.0.0.1:${host.port}`, 'origin: http://evil.example'])).toBe('403');
  });

  it('takes a call only as application/json (parameters allowed), not a type that merely starts so', async () => {
    expect((await call('getSession', {}, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await call('getSession', {}, { 'content-type': 'Application/JSON' })).status).toBe(200);
    expect((await call('getSession', {}, { 'content-type': 'application/jsonfoo' })).status).toBe(415);
  });

  it('answers unknown calls and invalid payloads with typed errors', async () => {
    const unknown = await call('formatDisk', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_call');
    const invalid = await call('getSession', { extra: 1 });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error.code).toBe('invalid_input');
    const notJson = await request({ path: '/api/call/getSession', method: 'POST', headers: { ...own(), 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await request({ path: '/', headers: own() });
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect((await request({ path: '/../../etc/passwd', headers: own() })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/%2e%2e/etc/passwd', headers: own() })).status).toBe(404);
  });

  it('delivers events over a WebSocket only with the token and an own Origin', async () => {
    const wsUrl = `ws://127.0.0.1:${host.port}/api/events`;
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsUrl}?token=wrong`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
    expect(refused).toBe('403');
    const foreign = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsUrl}?token=${TOKEN}`, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('error', () => resolve('error'));
    });
    expect(foreign).toBe('403');

    const ws = new WebSocket(`${wsUrl}?token=${TOKEN}`, { origin: `http://127.0.0.1:${host.port}` });
    await new Promise((resolve) => ws.once('open', resolve));
    const got = new Promise<unknown>((resolve) => ws.once('message', (m) => resolve(JSON.parse(String(m)))));
    for (const l of listeners) l('statusChanged', { hello: 1 });
    expect(await got).toEqual({ event: 'statusChanged', payload: { hello: 1 } });
    ws.close();
  });

  it('is bound to loopback only', () => {
    expect(host.address).toBe('127.0.0.1');
  });
});
