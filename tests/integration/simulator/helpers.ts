/** Test helpers for the simulator suites: a raw HTTP client (errors kept as codes) and case bodies. */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import { idCheckChar } from '../../../src-main/contract/validation';

export const BRANCH = '3303-LW-0012';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON
  body: any;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string | undefined>;
  gzip?: boolean;
  /** Abort with error code TIMEOUT after this many ms. */
  timeoutMs?: number;
  tls?: { cert?: string; key?: string; ca: string };
}

/** Rejects with an Error whose `code` is ECONNRESET, ECONNREFUSED, TRUNCATED, TIMEOUT, ... */
export function call(baseUrl: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const url = new URL(path, baseUrl);
  let payload: Buffer | undefined;
  if (opts.body !== undefined) {
    payload = Buffer.from(JSON.stringify(opts.body));
    if (opts.gzip) payload = gzipSync(payload);
  }
  const headers: Record<string, string> = {
    'X-Terminal-Id': '3303-LW-0012-W03',
    'X-Branch-Code': BRANCH,
    'X-Request-Id': randomUUID(),
    ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
    ...(opts.gzip ? { 'Content-Encoding': 'gzip' } : {}),
  };
  for (const [k, v] of Object.entries(opts.headers ?? {})) {
    const existing = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
    if (existing) delete headers[existing];
    if (v !== undefined) headers[k] = v;
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (code: string, message = code) => reject(Object.assign(new Error(message), { code }));
    const req = lib.request(url, { method, headers, agent: false, ...(opts.tls ?? {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => fail('TRUNCATED'));
      res.on('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ECONNRESET' ? 'TRUNCATED' : (err.code ?? 'ERROR'), err.message));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const expected = Number(res.headers['content-length'] ?? text.length);
        if (Buffer.byteLength(text) < expected) return fail('TRUNCATED');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    if (opts.timeoutMs) {
      req.setTimeout(opts.timeoutMs, () => {
        req.destroy();
        fail('TIMEOUT');
      });
    }
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERROR', err.message));
    req.end(payload);
  });
}

/** The error code a call failed with, or 'OK' when it answered. */
export async function outcomeCode(p: Promise<Reply>): Promise<string> {
  try {
    const r = await p;
    return `HTTP ${r.status}`;
  } catch (err) {
    return (err as { code?: string }).code ?? 'ERROR';
  }
}

/** A valid GB 11643 resident ID number with the given 3-digit sequence code. */
export function idNumber(sequence = '123'): string {
  const first17 = `33030219860911${sequence}`;
  return first17 + idCheckChar(first17)!;
}

export interface CaseInit {
  caseId?: string;
  rev?: number;
  action?: 'submit' | 'supplement' | 'correct' | 'withdraw';
  kind?: 'immediate' | 'commitment';
  itemCode?: string;
  form?: Record<string, unknown>;
  idNumber?: string;
  branchCode?: string;
}

export function caseBody(init: CaseInit = {}) {
  return {
    caseId: init.caseId ?? uuidv7(),
    rev: init.rev ?? 1,
    action: init.action ?? 'submit',
    itemCode: init.itemCode ?? 'SI-04-01',
    kind: init.kind ?? 'immediate',
    acceptedAt: '2026-11-27T09:15:02.120+08:00', // a Friday
    branchCode: init.branchCode ?? BRANCH,
    windowNo: 3,
    tellerId: 'T0042',
    applicant: {
      idType: 'resident',
      idNumber: init.idNumber ?? idNumber(),
      name: '测试人',
      gender: '1',
      ethnicity: '01',
      birthDate: '1986-09-11',
      address: '浙江省温州市龙湾区测试路1号',
      phone: '18000001999',
      idValidTo: '2036-05-01',
    },
    form: init.form ?? { phone: '18000001999' },
    materials: [{ code: 'M01', name: '居民身份证', original: 1, copies: 0, received: true, deferred: false }],
    signature: { sha256: 'a'.repeat(64), png: 'iVBORw0KGgo=' },
    feedback: { channel: 'sms', phone: '18000001999' },
    training: false,
  };
}

export type CaseBodyT = ReturnType<typeof caseBody>;

export const keyOf = (b: { caseId: string; rev: number }) => `${b.caseId}:${b.rev}`;

/** PUT /v1/cases/{caseId} with the contract's key. */
export function putCase(baseUrl: string, body: CaseBodyT, opts: CallOptions = {}): Promise<Reply> {
  return call(baseUrl, 'PUT', `/v1/cases/${body.caseId}`, { ...opts, body, headers: { 'Idempotency-Key': keyOf(body), ...opts.headers } });
}
