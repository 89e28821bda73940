/** A small scripted HTTP(S) server on 127.0.0.1 for contract edge cases the simulator does not produce. */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
  /** Subject CN of the client certificate (https only). */
  clientCN?: string;
}

export type Reply = { status: number; json?: unknown; raw?: string; headers?: Record<string, string> } | 'reset';

export interface RawServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startRawServer(
  handler: (req: SeenRequest) => Reply | Promise<Reply>,
  tls?: { cert: string; key: string; ca: string },
): Promise<RawServer> {
  const seen: SeenRequest[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let raw = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        const s: SeenRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined,
          at: Date.now(),
        };
        if (tls) s.clientCN = (req.socket as TLSSocket).getPeerCertificate()?.subject?.CN as string | undefined;
        seen.push(s);
        const reply = await handler(s);
        if (reply === 'reset') {
          req.socket.destroy();
          return;
        }
        const text = reply.raw ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status, {
          'content-type': 'application/json',
          'x-request-id': String(req.headers['x-request-id'] ?? ''),
          ...reply.headers,
        });
        res.end(text);
      })();
    });
  };
  const server = tls
    ? https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: true, rejectUnauthorized: true }, onRequest)
    : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The usual answers of a contract-following server. */
export const health = (time = new Date().toISOString()): Reply => ({ status: 200, json: { time, version: 'raw/1', catalogVersion: 7 } });
export const ack = (n = 1): Reply => ({ status: 201, json: { caseNo: `RAW-${n}`, status: 'received' } });
export const noChanges = (): Reply => ({ status: 200, json: { changes: [], next: 'c0' } });

/** Routes health and changes to their usual answers and everything else to `writes`. */
export function routed(writes: (req: SeenRequest) => Reply | Promise<Reply>, healthReply: () => Reply = () => health()) {
  return (req: SeenRequest): Reply | Promise<Reply> => {
    if (req.path === '/v1/health') return healthReply();
    if (req.path.startsWith('/v1/changes')) return noChanges();
    return writes(req);
  };
}
