/**
 * One endpoint's listener: transport faults (down, auth failure, resets, errors, throttling, timeouts,
 * truncation, latency, bandwidth), the required headers, then the API; `/__sim/` goes to the control API.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { errorBody } from './bureau';
import { handleApi, isUuid, type EndpointContext } from './api';
import { requestCost } from './capacity';
import { BodyError, encodeAnswer, parseJsonBody, readRaw, sendTruncated, sendWhole, type Answer } from './http-io';
import type { TlsOptions } from './types';

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const REQUIRED_HEADERS = ['x-terminal-id', 'x-branch-code', 'x-request-id'] as const;

const STATUS_CODES: Record<number, string> = { 500: 'internal', 502: 'bad_gateway', 503: 'unavailable', 504: 'gateway_timeout' };

const MALFORMED_PATH: Answer = { status: 400, body: errorBody('malformed', '请求不符合接口规范', [{ field: 'path', message: 'not a valid request target' }]) };

/** The request target as a URL, or null when it cannot be parsed. */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://simulator');
  } catch {
    return null;
  }
}

export class EndpointServer {
  private readonly server: http.Server;
  private listening = false;
  private port = 0;

  constructor(
    private readonly ctx: EndpointContext,
    private readonly control: ControlHandler,
    private readonly host: string,
    tls?: TlsOptions,
  ) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err: unknown) => {
        // A malformed percent-encoding in the path is the caller's fault: 400, like any malformed request.
        const malformed = err instanceof URIError;
        if (!res.headersSent && !res.destroyed && ctx.isOpen()) {
          sendWhole(res, malformed ? MALFORMED_PATH : { status: 500, body: errorBody('internal', 'simulator error') });
        } else res.destroy();
        if (ctx.isOpen() && !malformed) console.error(`simulator ${ctx.name}:`, err instanceof Error ? err.message : err);
      });
    };
    this.server = tls
      ? https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: true, rejectUnauthorized: true }, handler)
      : http.createServer(handler);
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  get boundPort(): number {
    return this.port;
  }

  get isListening(): boolean {
    return this.listening;
  }

  async listen(port: number): Promise<number> {
    if (this.listening) return this.port;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, this.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.listening = true;
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stops accepting connections and cuts the open ones (including requests held by the timeout fault). */
  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = this.ctx;
    const url = parseTarget(req.url);
    if (!url) {
      sendWhole(res, MALFORMED_PATH);
      return;
    }
    if (url.pathname.startsWith('/__sim/')) return this.control(req, res, url);
    ctx.onRequest?.(ctx.name, req.method ?? 'GET', url.pathname);

    let cost = 0;
    const observe = ctx.onAnswered;
    if (observe) {
      const at = Date.now();
      res.once('close', () => observe({ endpoint: ctx.name, method: req.method ?? 'GET', path: url.pathname, status: res.writableFinished ? res.statusCode : 0, cost, at }));
    }
    const faults = ctx.faults.current;
    if (faults.down) {
      req.socket.destroy();
      return;
    }
    const requestId = req.headers['x-request-id'];
    if (typeof requestId === 'string') res.setHeader('X-Request-Id', requestId);
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && key !== '') ctx.store.countRequest(ctx.name, key);

    if (faults.authFail) {
      sendWhole(res, { status: 401, body: errorBody('unauthenticated', '终端证书或身份未获准入') });
      return;
    }
    const missing = REQUIRED_HEADERS.filter((h) => !req.headers[h]);
    if (missing.length > 0 || (typeof requestId === 'string' && !isUuid(requestId))) {
      const reasons = missing.map((h) => ({ field: h, message: 'required header' }));
      if (missing.length === 0) reasons.push({ field: 'x-request-id', message: 'must be a UUID' });
      sendWhole(res, { status: 400, body: errorBody('malformed', '请求不符合接口规范', reasons) });
      return;
    }

    const plan = ctx.faults.plan();
    if (plan.reset) {
      req.socket.destroy();
      return;
    }
    let body: unknown;
    try {
      const raw = await readRaw(req);
      await ctx.faults.transfer(raw.length);
      body = parseJsonBody(req, raw);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      sendWhole(res, { status: 400, body: errorBody('malformed', '请求不符合接口规范', [{ field: 'body', message: err.message }]) });
      return;
    }
    if (!ctx.isOpen()) return;

    cost = requestCost(req.method ?? 'GET', body);
    const refused = ctx.faults.admit(cost);
    let answer: Answer | undefined;
    if (refused) {
      answer =
        refused.status === 429
          ? { status: 429, body: errorBody('throttled', '请求过于频繁，请稍后重试'), headers: { 'Retry-After': String(refused.retryAfterSec) } }
          : { status: 503, body: errorBody('unavailable', '后台系统繁忙，请稍后重试'), headers: { 'Retry-After': String(refused.retryAfterSec) } };
    } else if (plan.errorStatus !== undefined) {
      await ctx.faults.latency();
      answer = { status: plan.errorStatus, body: errorBody(STATUS_CODES[plan.errorStatus] ?? 'error', '后台系统暂时不可用') };
    } else if (plan.throttleRetryAfterSec !== undefined) {
      await ctx.faults.latency();
      answer = {
        status: 429,
        body: errorBody('throttled', '请求过于频繁，请稍后重试'),
        headers: { 'Retry-After': String(plan.throttleRetryAfterSec) },
      };
    } else {
      answer = await handleApi(ctx, { method: req.method ?? 'GET', url, headers: req.headers, body });
    }
    if (!answer || !ctx.isOpen()) return;
    if (plan.timeout) return; // applied, never answered: the socket stays open until the client gives up
    const bytes = encodeAnswer(answer);
    await ctx.faults.transfer(bytes.length, 'down');
    if (plan.truncate) sendTruncated(res, answer, bytes);
    else sendWhole(res, answer, bytes);
  }
}
