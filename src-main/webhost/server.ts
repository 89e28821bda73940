import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallResult } from '../contract';
import { createLogBudget } from '../core/logging/budget';
import type { Logger } from '../core/logging/types';
import { CONTENT_TYPES, rendererCsp } from '../core/util/renderer-serving';

export interface CoreLink {
  dispatch(name: unknown, input: unknown): Promise<CallResult<unknown>>;
  /** Subscribes to every core event; returns an unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /** The citizen view's calls only (show the current case, rate it); absent: no citizen view is served. */
  citizenDispatch?(name: unknown, input: unknown): Promise<CallResult<unknown>>;
}

export interface WebHostOptions {
  core: CoreLink;
  token: string;
  /**
   * The citizen view's own per-launch token (`/citizen.html?token=…`): it reaches `/citizen/api/call/*` and nothing
   * else, and the teller's token does not reach those.
   */
  citizenToken?: string;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  logger: Logger;
}

export interface WebHost {
  url: string;
  /** The citizen view's page with its token, when a citizen token was given. */
  citizenUrl: string | null;
  port: number;
  /** The address the server is bound to (always 127.0.0.1). */
  address: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const STATUS_FOR: Record<string, number> = {
  unknown_call: 404,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  sign_in_required: 401,
  throttled: 429,
  storage_full: 507,
  unavailable: 503,
};

export function contentSecurityPolicy(port: number): string {
  return rendererCsp(`'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
}

/** The media type of a Content-Type header without its parameters, in lower case ('' when there is none). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** decodeURIComponent that answers null for a malformed percent-encoding instead of throwing URIError. */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The request's URL, or null when it cannot be parsed. */
function parseUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function errorKind(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves the built renderer and the contract's API on 127.0.0.1 only. Every API request needs the per-launch token
 * (Authorization: Bearer for calls, ?token= for the event socket); a foreign Host or Origin header is refused,
 * which stops DNS-rebinding and cross-site pages from reaching the core.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, token, staticDir, logger } = options;
  const citizen = options.citizenToken && core.citizenDispatch ? { token: options.citizenToken, dispatch: core.citizenDispatch.bind(core) } : null;
  const log = logger.child({ component: 'webhost' });
  let port = options.port ?? 0;

  // A page can send refused requests in a loop: their warnings are capped per minute so they cannot fill the disk.
  const refusals = createLogBudget(20, 60_000, (count) => log.warn({ count }, 'refused requests not logged: rate limit'));
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  function originOk(req: http.IncomingMessage): boolean {
    // One Host and at most one Origin: with two, Node keeps the first, and a proxy or browser may read the other.
    const hosts = req.headersDistinct.host ?? [];
    const origins = req.headersDistinct.origin ?? [];
    if (hosts.length !== 1 || origins.length > 1) return false;
    if (!allowedHosts().has(hosts[0]!)) return false;
    return origins.length === 0 || allowedOrigins().has(origins[0]!);
  }

  function send(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(text);
  }

  async function handleCall(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
    channel: { token: string; dispatch: CoreLink['dispatch'] } = { token, dispatch: (n, i) => core.dispatch(n, i) },
  ): Promise<void> {
    const auth = req.headers.authorization;
    if (!sameToken(auth?.startsWith('Bearer ') ? auth.slice(7) : null, channel.token)) {
      send(res, 401, { ok: false, error: { code: 'forbidden', message: 'missing or wrong token', messageKey: 'error.sessionExpired' } });
      return;
    }
    if (mediaType(req.headers['content-type']) !== 'application/json') {
      send(res, 415, { ok: false, error: { code: 'invalid_input', message: 'content-type must be application/json', messageKey: 'error.invalidInput' } });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) {
        send(res, 413, { ok: false, error: { code: 'invalid_input', message: 'request body too large', messageKey: 'error.tooLarge' } });
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let input: unknown;
    try {
      input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'body is not JSON', messageKey: 'error.invalidInput' } });
      return;
    }
    const result = await channel.dispatch(name, input);
    send(res, result.ok ? 200 : (STATUS_FOR[result.error.code] ?? 500), result);
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    const decoded = pathname === '/' ? 'index.html' : safeDecode(pathname);
    if (decoded === null || decoded.includes('\0')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
      return;
    }
    const rel = decoded.replace(/^\/+/, '');
    const file = path.resolve(staticDir, rel);
    if (!file.startsWith(path.resolve(staticDir) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const ext = path.extname(file);
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    };
    if (ext === '.html') {
      headers['content-security-policy'] = contentSecurityPolicy(port);
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  // Every request is answered: whatever a handler throws becomes a 400 (malformed request) or 500, never an
  // exception out of the listener, which would end the process (a web page can send any URL with an <img> tag).
  const server = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch (err) {
      if (refusals.admit()) log.warn({ err: errorKind(err) }, 'request refused: malformed');
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      else res.destroy();
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!originOk(req)) {
      if (refusals.admit()) log.warn({ host: (req.headers.host ?? '').slice(0, 80) }, 'request with a foreign Host or Origin refused');
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host or origin');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // A contract call, the teller's or the citizen view's; a failure of the host itself is logged and answered as internal.
    const answer = (name: string, view: 'teller' | 'citizen', channel?: Parameters<typeof handleCall>[3]) =>
      void handleCall(req, res, name, channel).catch((err: unknown) => {
        log.error({ err: String(err), call: name, channel: view }, 'call handling failed');
        if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: 'internal error', messageKey: 'error.internal' } });
      });
    const call = /^\/api\/call\/([A-Za-z0-9_.-]{1,64})$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      answer(call[1]!, 'teller');
      return;
    }
    const citizenCall = /^\/citizen\/api\/call\/([A-Za-z0-9_.-]{1,64})$/.exec(url.pathname);
    if (citizenCall && req.method === 'POST' && citizen) {
      answer(citizenCall[1]!, 'citizen', citizen);
      return;
    }
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/citizen/api/')) {
      send(res, req.method === 'POST' ? 404 : 405, { ok: false, error: { code: 'unknown_call', message: 'no such API route', messageKey: 'error.unknownCall' } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(req, res, url.pathname);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    if (!url || !originOk(req) || url.pathname !== '/api/events' || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => ws.terminate());
      ws.on('message', () => ws.close(1003, 'events are one-way'));
    });
  });
  const unsubscribe = core.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    citizenUrl: citizen ? `http://127.0.0.1:${port}/citizen.html?token=${citizen.token}` : null,
    port,
    address: bound.address,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
