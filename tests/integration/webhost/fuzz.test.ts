/**
 * Fuzz: 100,000 hostile requests (paths with broken percent-encodings, odd methods, header noise, wrong and right
 * tokens, bodies, malformed HTTP, WebSocket frames) against a running web host process on loopback. The host must
 * answer every well-formed request with a status below 500, still answer afterwards, and the database must be
 * unchanged. Seeded: set FUZZ_SEED to replay a run.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callNames } from '../../../src-main/contract';
import { startWebHostProcess } from '../../support/webhost-process';
import { TERMINAL_TABLES, tableDigest } from '../../support/db-digest';
import { buildRequest, createRandom, malformedRequest, METHODS, noiseHeaders, percentNoise, pipeline, randomBody, randomTarget, type RawRequest, type Random } from '../../support/fuzz';

const TOTAL = 100_000;
const PER_CONNECTION = 250;
const PARALLEL = 4;
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

let dataDir: string;
let host: Awaited<ReturnType<typeof startWebHostProcess>>;
let child: ChildProcess;
let port: number;
let token: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onewindow-fuzz-'));
  const configFile = path.join(dataDir, 'terminal.json');
  writeFileSync(configFile, JSON.stringify({ mode: 'training' }));
  host = await startWebHostProcess(['--config', configFile, '--data-dir', dataDir]);
  child = host.child;
  const url = host.url;
  const u = new URL(url);
  port = Number(u.port);
  token = u.searchParams.get('token')!;
}, 40_000);

afterAll(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const digest = () => tableDigest(path.join(dataDir, 'onewindow.db'), TERMINAL_TABLES);

function hostHeader(r: Random): [string, string][] {
  const own = `127.0.0.1:${port}`;
  const v = r.int(10);
  if (v < 6) return [['Host', own]];
  return [['Host', r.pick([`localhost:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '[::1]', own + '%00'])]];
}

/**
 * One well-formed request. With the right token only bodies that cannot be a valid call input are sent to contract
 * calls (not an object), so no handler may run; everything else is unauthenticated or an unknown call.
 */
function wellFormed(r: Random): RawRequest {
  const headers = hostHeader(r);
  if (r.chance(0.3)) headers.push(['Origin', r.pick([`http://127.0.0.1:${port}`, 'http://evil.example', 'null', 'file://'])]);
  const api = r.chance(0.6);
  let method = r.pick(METHODS);
  let target = randomTarget(r, ['/', '/assets/', '/api/', '/api/call/', '/api/events/']);
  let body = r.chance(0.5) ? randomBody(r) : Buffer.alloc(0);
  if (api) {
    method = r.chance(0.8) ? 'POST' : method;
    const auth = r.int(4);
    if (auth === 0) headers.push(['Authorization', `Bearer ${token}`]);
    else if (auth === 1) headers.push(['Authorization', r.pick(['Bearer ', `Bearer ${token}x`, `Basic ${token}`, `bearer ${token}`, 'Bearer ' + 'A'.repeat(5000)])]);
    headers.push(['Content-Type', r.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/jsonx', ''])]);
    const known = r.chance(0.5);
    const name = known ? r.pick(callNames) : r.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'getSession.', '.', '-', 'x'.repeat(64), r.text(1 + r.int(20), 'abcXYZ_.-0')]);
    target = `/api/call/${name}${r.chance(0.1) ? percentNoise(r) : ''}`;
    if (auth === 0 && known) {
      // The right token on a contract call: only non-object bodies (never a valid input).
      body = Buffer.from(r.pick(['1', '"x"', '[]', 'true', '{', '[{}]', 'not json', '{"a":']));
    }
  }
  return buildRequest(method, target, [...headers, ...noiseHeaders(r)], method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : body);
}

async function fuzzHttp(r: Random, count: number): Promise<{ sent: number; statuses: number[] }> {
  let sent = 0;
  const statuses: number[] = [];
  while (sent < count) {
    const batch: RawRequest[] = [];
    const n = Math.min(PER_CONNECTION, count - sent);
    for (let i = 0; i < n; i++) batch.push(wellFormed(r));
    const result = await pipeline(port, batch);
    // Every well-formed request is answered, whatever came before it on the connection.
    const around = () => batch.slice(result.statuses.length - 1, result.statuses.length + 1).map((q) => q.bytes.toString('latin1').slice(0, 300));
    expect(result.statuses.length, `answers on one connection (seed ${SEED}), stopped at ${JSON.stringify(around())}`).toBe(batch.length);
    statuses.push(...result.statuses);
    sent += n;
    // Broken HTTP on a connection of its own (the parser's 400 ends the connection, and would race with the
    // answers still pending on it): answered 400 or closed, never a crash.
    if (sent < count) {
      const bad = await pipeline(port, [malformedRequest(r, `127.0.0.1:${port}`)]);
      statuses.push(...bad.statuses);
      sent++;
    }
  }
  return { sent, statuses };
}

async function fuzzWebSocket(r: Random, connections: number): Promise<number> {
  let frames = 0;
  for (let c = 0; c < connections; c++) {
    const good = r.chance(0.7);
    const url = `ws://127.0.0.1:${port}/api/events?token=${good ? token : r.pick(['', 'x', token + 'x', '%E0%A4%A'])}`;
    const ws = new WebSocket(url, { headers: { Origin: r.chance(0.8) ? `http://127.0.0.1:${port}` : 'http://evil.example' } });
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      ws.on('error', done);
      ws.on('close', done);
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        done();
      });
      ws.on('open', () => {
        const sock = (ws as unknown as { _socket: import('node:net').Socket })._socket;
        const n = 1 + r.int(5);
        for (let i = 0; i < n; i++) {
          frames++;
          // Raw frames: random opcodes, lengths that lie, unmasked frames, huge announced sizes.
          if (r.chance(0.5)) sock.write(r.bytes(2 + r.int(30)));
          else ws.send(r.chance(0.5) ? r.bytes(r.int(200)) : JSON.stringify({ call: r.pick(callNames) }));
        }
        setTimeout(() => ws.terminate(), 20);
      });
    });
  }
  return frames;
}

it(`survives ${TOTAL.toLocaleString('en')} hostile requests and writes nothing`, async () => {
  const before = digest();
  const started = Date.now();
  const random = createRandom(SEED);
  const seeds = Array.from({ length: PARALLEL }, () => random.int(2 ** 31));
  const results = await Promise.all(seeds.map((s) => fuzzHttp(createRandom(s), TOTAL / PARALLEL)));
  const frames = await fuzzWebSocket(createRandom(SEED + 1), 300);

  const sent = results.reduce((n, x) => n + x.sent, 0);
  const statuses = results.flatMap((x) => x.statuses);
  expect(sent).toBeGreaterThanOrEqual(TOTAL);
  expect(frames).toBeGreaterThan(300);
  expect(child.exitCode, 'the web host process is still running').toBeNull();
  const serverErrors = statuses.filter((s) => s >= 500);
  expect(serverErrors, 'no request is answered with a server error').toEqual([]);
  expect(new Set(statuses)).toContain(400);

  // Still answers a real call, and nothing was written.
  const res = await fetch(`http://127.0.0.1:${port}/api/call/getSession`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  expect(digest()).toBe(before);
  // Refused requests cannot fill the disk: their warnings are capped at 20 a minute.
  const logDir = path.join(dataDir, 'logs');
  const lines = readdirSync(logDir).filter((f) => f.endsWith('.log')).flatMap((f) => readFileSync(path.join(logDir, f), 'utf8').split('\n'));
  const refused = lines.filter((l) => l.includes('foreign Host or Origin refused')).length;
  expect(refused).toBeGreaterThan(0);
  expect(refused).toBeLessThanOrEqual(20 * (Math.ceil((Date.now() - started) / 60_000) + 1));
}, 180_000);
