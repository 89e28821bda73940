import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import { constants as zc, gunzip, gzip } from 'node:zlib';
import type { EndpointName, TerminalConfig } from '../config/schema';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

type EndpointConfig = TerminalConfig['endpoints']['si'];

/** The endpoint's configuration cannot be used (e.g. plain http in production); nothing is sent. */
export class SyncConfigError extends Error {
  override name = 'SyncConfigError';
}

export type TransportFailure = 'timeout' | 'reset' | 'truncated' | 'connect' | 'tls' | 'aborted' | 'echo_mismatch';

/** The exchange did not produce a complete response: always transient (the request may have been applied). */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Decoded (gunzipped) body bytes. */
  body: Buffer;
  requestId: string;
  /** False when the server did not echo X-Request-Id (a mismatching echo is a TransportError). */
  echoed: boolean;
  elapsedMs: number;
}

export interface LineRequest {
  method: 'GET' | 'PUT' | 'POST';
  /** Path with query, starting with /v1/. */
  path: string;
  /** JSON body; sent gzip-compressed. */
  json?: unknown;
  /** A JSON body already serialised (UTF-8), sent as it is instead of `json`; sent gzip-compressed. */
  jsonBytes?: Buffer;
  idempotencyKey?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface LineClient {
  readonly baseUrl: string;
  request(req: LineRequest): Promise<HttpResult>;
  close(): void;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
]);

function failureOf(err: NodeJS.ErrnoException): TransportFailure {
  const code = err.code ?? '';
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'tls';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN') return 'connect';
  return 'reset';
}

function readPem(file: string | undefined, what: string, endpoint: EndpointName): Buffer {
  if (!file) throw new SyncConfigError(`${endpoint}: https needs ${what} (专线 ${endpoint} 未配置 ${what})`);
  try {
    return readFileSync(file);
  } catch {
    throw new SyncConfigError(`${endpoint}: cannot read ${what} file (无法读取专线 ${endpoint} 的 ${what} 文件)`);
  }
}

/**
 * Checks an endpoint's URL against the terminal mode and returns it: https always; plain http only in training
 * or development. Throws SyncConfigError with a message for branch IT otherwise.
 */
export function checkEndpointUrl(endpoint: EndpointName, config: EndpointConfig, mode: TerminalConfig['mode']): URL {
  if (!config.url) throw new SyncConfigError(`${endpoint}: no URL configured (专线 ${endpoint} 未配置地址)`);
  const url = new URL(config.url);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (mode === 'training' || mode === 'development') return url;
    throw new SyncConfigError(
      `${endpoint}: plain http:// is refused in ${mode} mode; configure https:// with the bureau CA and the client certificate ` +
        `(生产模式下专线 ${endpoint} 不允许使用明文 http://，请配置 https:// 及社保局 CA 证书和终端证书)`,
    );
  }
  throw new SyncConfigError(`${endpoint}: unsupported URL scheme ${url.protocol} (专线地址协议不受支持)`);
}

/**
 * HTTP client for one private line: mutual TLS with the configured client certificate and ONLY the configured CA
 * (the `ca` option replaces Node's public root store), keep-alive sockets capped at `maxSockets`, a hard
 * per-request deadline, gzip request bodies, the contract's identity headers and a checked X-Request-Id echo.
 */
export function createLineClient(opts: {
  endpoint: EndpointName;
  config: EndpointConfig;
  mode: TerminalConfig['mode'];
  terminalId: string;
  branchCode: string;
  maxSockets: number;
}): LineClient {
  const url = checkEndpointUrl(opts.endpoint, opts.config, opts.mode);
  const isHttps = url.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({
        keepAlive: true,
        maxSockets: opts.maxSockets,
        ca: readPem(opts.config.caCert, 'caCert', opts.endpoint),
        cert: readPem(opts.config.clientCert, 'clientCert', opts.endpoint),
        key: readPem(opts.config.clientKey, 'clientKey', opts.endpoint),
        rejectUnauthorized: true,
      })
    : new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  const send = isHttps ? https.request : http.request;
  const base = url.href.replace(/\/+$/, '');

  async function request(req: LineRequest): Promise<HttpResult> {
    const requestId = randomUUID();
    const headers: Record<string, string | number> = {
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'x-terminal-id': opts.terminalId,
      'x-branch-code': opts.branchCode,
      'x-request-id': requestId,
    };
    let payload: Buffer | undefined;
    if (req.json !== undefined || req.jsonBytes !== undefined) {
      // Level 1: most of a case body is base64 (signature PNG) that barely compresses; speed matters more.
      payload = await gzipAsync(req.jsonBytes ?? Buffer.from(JSON.stringify(req.json), 'utf8'), { level: zc.Z_BEST_SPEED });
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-encoding'] = 'gzip';
      headers['content-length'] = payload.length;
    }
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    const started = performance.now();

    const raw = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, value?: { status: number; headers: http.IncomingHttpHeaders; body: Buffer }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err) {
          r.destroy();
          reject(err);
        } else resolve(value!);
      };
      const r = send(
        `${base}${req.path}`,
        { method: req.method, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (!res.complete) finish(new TransportError('truncated', 'response body cut short'));
            else finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', () => finish(new TransportError('truncated', 'response body cut short')));
          res.on('close', () => {
            if (!res.complete) finish(new TransportError('truncated', 'response body cut short'));
          });
        },
      );
      // The error listener stays for the request's whole life: a destroyed request may still emit errors.
      r.on('error', (err: NodeJS.ErrnoException) => {
        const failure = failureOf(err);
        finish(new TransportError(failure, `${failure}: ${err.code ?? err.message}`));
      });
      const timer = setTimeout(() => finish(new TransportError('timeout', `no complete answer within ${req.timeoutMs} ms`)), req.timeoutMs);
      const onAbort = () => finish(new TransportError('aborted', 'request aborted'));
      if (req.signal?.aborted) return onAbort();
      req.signal?.addEventListener('abort', onAbort);
      r.end(payload);
    });

    // The echo ties the answer to this request; a different id means a confused proxy: do not trust the answer.
    const echo = raw.headers['x-request-id'];
    if (echo !== undefined && echo !== requestId) throw new TransportError('echo_mismatch', 'X-Request-Id echo does not match the request');
    let body = raw.body;
    if (String(raw.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
      try {
        body = await gunzipAsync(body);
      } catch {
        throw new TransportError('truncated', 'response body is not valid gzip');
      }
    }
    return { status: raw.status, headers: raw.headers, body, requestId, echoed: echo !== undefined, elapsedMs: performance.now() - started };
  }

  return {
    baseUrl: base,
    request,
    close: () => agent.destroy(),
  };
}

/** One lazily made client per endpoint for occasional calls (catalog updates, errand batches), closed together. */
export function createLineClientPool(config: TerminalConfig): { get(endpoint: EndpointName): LineClient; close(): void } {
  const clients = new Map<EndpointName, LineClient>();
  return {
    get(endpoint) {
      let c = clients.get(endpoint);
      if (!c) {
        c = createLineClient({ endpoint, config: config.endpoints[endpoint], mode: config.mode, terminalId: config.terminalId, branchCode: config.branchCode, maxSockets: 1 });
        clients.set(endpoint, c);
      }
      return c;
    },
    close() {
      for (const c of clients.values()) c.close();
      clients.clear();
    },
  };
}
