/** Reading request bodies (gzip, size limit, line pacing) and writing JSON answers (whole or truncated). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads the raw (wire) bytes of a request body. */
export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(`body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Decodes (gzip if announced) and parses a JSON body. An empty body parses to undefined. */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  let bytes = raw;
  if (encoding === 'gzip' || encoding === 'x-gzip') {
    try {
      bytes = gunzipSync(raw);
    } catch {
      throw new BodyError('Content-Encoding is gzip but the body is not valid gzip');
    }
  } else if (encoding !== 'identity') {
    throw new BodyError(`unsupported Content-Encoding: ${encoding}`);
  }
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new BodyError('body is not valid JSON');
  }
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function encodeAnswer(answer: Answer): Buffer {
  return Buffer.from(JSON.stringify(answer.body), 'utf8');
}

function writeHead(res: ServerResponse, answer: Answer, length: number): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(length),
  });
}

export function sendWhole(res: ServerResponse, answer: Answer, bytes: Buffer = encodeAnswer(answer)): void {
  if (res.destroyed || res.writableEnded) return;
  writeHead(res, answer, bytes.length);
  res.end(bytes);
}

/** Announces the full length, sends half of the body, then cuts the connection. */
export function sendTruncated(res: ServerResponse, answer: Answer, bytes: Buffer = encodeAnswer(answer)): void {
  if (res.destroyed || res.writableEnded) return;
  writeHead(res, answer, bytes.length);
  res.flushHeaders();
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}
