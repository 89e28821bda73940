/**
 * Tools for fuzzing HTTP servers on loopback with raw sockets: a seeded random source, generators of hostile
 * request parts (paths with broken percent-encodings, odd methods, header noise, bodies), and a pipelining client
 * that sends many requests over one keep-alive connection and parses the answers (Content-Length, chunked, HEAD).
 */
import net from 'node:net';

/** A small seeded PRNG (mulberry32): the same seed gives the same requests, so a failure can be replayed. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number): boolean => next() < p;
  const bytes = (n: number): Buffer => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = int(256);
    return b;
  };
  const text = (n: number, alphabet = 'abcXYZ019-_.~!$&\'()*+,;=:@/?#[]% "<>\\^`{|}'): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
    return s;
  };
  return { next, int, pick, chance, bytes, text };
}
export type Random = ReturnType<typeof createRandom>;

const HEX = '0123456789ABCDEFabcdefGZ';

/** A path segment full of percent-encodings, valid and broken (`%E0%A4%A`, `%`, `%ZZ`, overlong UTF-8). */
export function percentNoise(r: Random): string {
  const parts = ['%E0%A4%A', '%', '%Z', '%ZZ', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%2e%2e', '%2F', '%25', '%u0041', '%E4%B8%AD', '%F0%9F%98'];
  let s = '';
  const n = 1 + r.int(6);
  for (let i = 0; i < n; i++) {
    s += r.chance(0.6) ? r.pick(parts) : `%${HEX[r.int(HEX.length)]}${r.chance(0.8) ? HEX[r.int(HEX.length)] : ''}`;
    if (r.chance(0.5)) s += r.text(r.int(4), 'abc019.-_~');
  }
  return s;
}

/** A request target: traversal, broken encodings, absolute and asterisk forms, very long ones. */
export function randomTarget(r: Random, prefixes: readonly string[]): string {
  const prefix = r.pick(prefixes);
  switch (r.int(8)) {
    case 0:
      return prefix + percentNoise(r);
    case 1:
      return prefix + r.pick(['../../etc/passwd', '%2e%2e/%2e%2e/etc/passwd', '..%2f..%2f', '.%00.', '//', '/./', '\\..\\']);
    case 2:
      return prefix + r.text(r.int(40)).replace(/[ #]/g, '%20');
    case 3:
      return r.pick(['*', 'http://evil.example/', 'http://127.0.0.1/%E0%A4%A', '//evil.example/x', '/?' + percentNoise(r), '/#x']);
    case 4:
      return prefix + 'a'.repeat(1 + r.int(6000));
    case 5:
      return prefix + percentNoise(r) + '?' + percentNoise(r) + '=' + percentNoise(r);
    default:
      return prefix + encodeURIComponent(r.text(r.int(12), 'ab中文€\u0000\u00ff'));
  }
}

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'PROPFIND', 'M-SEARCH', 'PURGE'];

export interface RawRequest {
  bytes: Buffer;
  /** HEAD: the answer has no body whatever its headers say. */
  head: boolean;
  /** Expected to break the HTTP framing: the server may answer 400 and close, and later requests are not sent. */
  malformed: boolean;
}

/** Serialises a request; `Content-Length` is right unless `badLength`. */
export function buildRequest(method: string, target: string, headers: [string, string][], body: Buffer): RawRequest {
  const head = [`${method} ${target} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, '', ''].join('\r\n');
  return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]), head: method === 'HEAD', malformed: false };
}

/** Byte sequences that are not valid HTTP/1.1 (each is sent last on its connection). */
export function malformedRequest(r: Random, host: string): RawRequest {
  const variants = [
    () => Buffer.concat([Buffer.from('GET /'), r.bytes(1 + r.int(40)), Buffer.from(' HTTP/1.1\r\n\r\n')]),
    () => Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello`),
    () => Buffer.from(`POST / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n`),
    () => Buffer.from(`GET / HTTP/9.9\r\nHost: ${host}\r\n\r\n`),
    () => Buffer.from(`get / HTTP/1.1\r\nHost: ${host}\r\n\r\n`),
    () => Buffer.from('GET /%E0%A4%A HTTP/1.1\r\n\r\n'), // no Host header
    () => Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nBad Header Name: x\r\n\r\n`),
    () => Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nX: ${'\u0000'}\r\n\r\n`, 'latin1'),
    () => Buffer.concat([r.bytes(1 + r.int(200)), Buffer.from('\r\n\r\n')]),
    () => Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`),
    () => Buffer.from(`POST / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`),
    () => Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`),
  ];
  return { bytes: r.pick(variants)(), head: false, malformed: true };
}

/** Random header noise: names and values a browser would never send. */
export function noiseHeaders(r: Random): [string, string][] {
  const out: [string, string][] = [];
  const n = r.int(4);
  for (let i = 0; i < n; i++) {
    const name = r.pick(['X-' + r.text(1 + r.int(8), 'abcdefXYZ-019'), 'Cookie', 'Accept', 'Range', 'If-None-Match', 'Expect', 'Upgrade', 'Accept-Encoding', 'Content-Encoding', 'Forwarded', 'X-Forwarded-For']);
    const value = r.pick(['', '*', 'bytes=0-1,5-', 'gzip', '100-continue', 'websocket', r.text(r.int(60), 'abc019 ;=,/"\t'), percentNoise(r)]);
    if (name === 'Expect' && value === '100-continue') continue; // answered 100 before the final status
    out.push([name, value]);
  }
  return out;
}

/** A body: nothing, random bytes, JSON of odd shapes, or deep nesting. */
export function randomBody(r: Random): Buffer {
  switch (r.int(7)) {
    case 0:
      return Buffer.alloc(0);
    case 1:
      return r.bytes(r.int(300));
    case 2:
      return Buffer.from(r.pick(['null', '1', '"x"', '[]', 'true', '{', '{"a":', '[[[[[', '\uFEFF{}', '1e999999', '"\\ud800"']));
    case 3:
      return Buffer.from('['.repeat(2000 + r.int(3000)) + ']'.repeat(r.int(2)));
    case 4:
      return Buffer.from(JSON.stringify({ __proto__: { polluted: true }, constructor: { prototype: { x: 1 } }, x: r.text(r.int(20)) }));
    case 5:
      return Buffer.from(JSON.stringify(r.text(r.int(500))));
    default:
      return Buffer.from(`{"${r.text(r.int(8), 'abc')}": ${r.pick(['1', '"a"', 'null', '[1,2]', '{"b":{}}'])}}`);
  }
}

export interface PipelineResult {
  /** Status of every answer, in order. */
  statuses: number[];
  /** The server closed the connection before every request was answered. */
  closed: boolean;
  /** Why the connection ended early: a socket error, a timeout, or an answer that was not HTTP. */
  reason?: string;
}

/**
 * Sends every request over one connection without waiting (HTTP pipelining) and reads the answers in order.
 * Resolves when each request has its answer, or the server closed the connection, or `timeoutMs` passed.
 */
export function pipeline(port: number, requests: RawRequest[], timeoutMs = 10_000): Promise<PipelineResult> {
  return new Promise((resolve) => {
    const statuses: number[] = [];
    let buf = Buffer.alloc(0);
    let done = false;
    const socket = net.connect(port, '127.0.0.1');
    const finish = (closed: boolean, reason?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ statuses, closed, ...(reason ? { reason } : {}) });
    };
    const timer = setTimeout(() => finish(true, 'timeout'), timeoutMs);
    // No half-close after the last request: Node's server would abort the requests whose bodies it still reads.
    socket.on('connect', () => socket.write(Buffer.concat(requests.map((q) => q.bytes))));
    socket.on('error', (err) => finish(true, err.message));
    socket.on('close', () => finish(true, 'closed by the server'));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        let parsed: { status: number; length: number } | null;
        try {
          parsed = parseResponse(buf, requests[statuses.length]?.head ?? false);
        } catch (err) {
          return finish(true, (err as Error).message);
        }
        if (!parsed) break;
        buf = buf.subarray(parsed.length);
        if (parsed.status >= 200) statuses.push(parsed.status); // 1xx answers are interim
        if (statuses.length === requests.length) return finish(false);
      }
    });
  });
}

/** Parses one HTTP/1.1 response at the start of `buf`; null when it is not complete yet. */
export function parseResponse(buf: Buffer, head: boolean): { status: number; length: number } | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)?.[1] ?? NaN);
  if (!Number.isFinite(status)) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0])}`);
  const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  let pos = end + 4;
  if (head || status < 200 || status === 204 || status === 304) return { status, length: pos };
  const length = header('content-length');
  if (length !== undefined) {
    pos += Number(length);
    return buf.length >= pos ? { status, length: pos } : null;
  }
  if ((header('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd === -1) return null;
      const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
      pos = lineEnd + 2 + size + 2;
      if (buf.length < pos) return null;
      if (size === 0) return { status, length: pos };
    }
  }
  return null; // body until close: the connection ends it
}
