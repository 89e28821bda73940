/**
 * Figures files: how a branch merges its windows and a district its branches without a server. Each terminal
 * exports its day figures for a period (counts and codes only) signed with its Ed25519 key (the same terminal key
 * that signs the unsent-cases export). A merge accepts a file only when its signature checks against the key
 * pinned for its terminal id; every (terminal, day) is counted once: the same file twice, or two overlapping files
 * of one terminal, add nothing twice (the newer file's day wins).
 *
 * Pinned keys: a folder with one file per terminal, `<terminalId>.pub`, holding the terminal's public key (SPKI DER,
 * base64, one line). Branch IT pins a key at provisioning or with `npm run report -- pin FILE`.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../../contract/errors';
import { COUNTERS, type DayFigures } from './day-figures';
import type { TerminalDays } from './report-figures';

export const FIGURES_FORMAT = 'onewindow.figures.v2';
/** Files of the previous format (before citizen ratings) are read; their days carry no ratings. */
const FIGURES_FORMAT_V1 = 'onewindow.figures.v1';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const count = z.number().int().nonnegative();
const code = z.string().regex(/^[0-9A-Za-z-]{1,40}$/);
const counters = z.array(count).length(COUNTERS.length);
const breakdown = z.record(code, counters);
const dayFiguresSchema = z
  .object({
    day,
    items: breakdown,
    windows: breakdown,
    tellers: breakdown,
    endpoints: breakdown,
    open: z.array(z.tuple([code, code, code, code, day, count])),
    refused: z.array(z.tuple([code, code, count])),
    deferred: z.array(z.tuple([code, code, count])),
    handling: z.array(z.tuple([count, count])),
    errands: z.tuple([count, count, count]),
    ratings: z.array(z.tuple([code, code, z.number().int().min(1).max(5), z.enum(['none', 'follow_up', 'rectified']), count])).default([]),
  })
  .strict();

const payloadSchema = z
  .object({
    format: z.enum([FIGURES_FORMAT, FIGURES_FORMAT_V1]),
    terminalId: z.string().regex(/^[0-9A-Z-]{4,40}$/),
    branchCode: z.string().regex(/^[0-9A-Z-]{4,40}$/),
    training: z.boolean(),
    period: z.object({ from: day, to: day }).strict(),
    generatedAt: z.string(),
    days: z.array(dayFiguresSchema),
  })
  .strict();
export type FiguresPayload = z.infer<typeof payloadSchema>;

const fileSchema = z
  .object({ payload: z.unknown(), signature: z.object({ alg: z.literal('Ed25519'), publicKey: z.string(), value: z.string() }).strict() })
  .strict();

export function publicKeyOf(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** The signed figures file (JSON text). The signature covers the payload's JSON exactly as written. */
export function signFiguresFile(payload: FiguresPayload, key: KeyObject): string {
  const text = JSON.stringify(payload);
  return JSON.stringify({ payload: JSON.parse(text) as unknown, signature: { alg: 'Ed25519', publicKey: publicKeyOf(key), value: sign(null, Buffer.from(text), key).toString('base64') } });
}

/** Pinned public keys by terminal id. */
export type TrustedKeys = ReadonlyMap<string, string>;

export function loadTrustedKeys(dir: string): Map<string, string> {
  const keys = new Map<string, string>();
  if (!existsSync(dir)) return keys;
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.pub')) keys.set(f.slice(0, -4), readFileSync(path.join(dir, f), 'utf8').trim());
  }
  return keys;
}

/** Pins a file's terminal key (trust on first sight, by branch IT): refused when another key is already pinned. */
export function pinKey(dir: string, bytes: Buffer): { terminalId: string; added: boolean } {
  const raw = JSON.parse(bytes.toString('utf8')) as { payload?: { terminalId?: string }; signature?: { publicKey?: string } };
  const terminalId = raw.payload?.terminalId;
  const publicKey = raw.signature?.publicKey;
  if (!terminalId || !/^[0-9A-Z-]{4,40}$/.test(terminalId) || !publicKey) throw new CoreError('invalid_input', 'not a figures file', 'error.figuresFile');
  const existing = loadTrustedKeys(dir).get(terminalId);
  if (existing === publicKey) return { terminalId, added: false };
  if (existing) throw new CoreError('conflict', `terminal ${terminalId} already has another pinned key`, 'error.figuresFile');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${terminalId}.pub`), `${publicKey}\n`, { flag: 'wx' });
  return { terminalId, added: true };
}

/** Reads and checks one file; the reason names what did not check (shown with the file's name). */
export function verifyFiguresFile(bytes: Buffer, trusted: TrustedKeys): { ok: true; payload: FiguresPayload } | { ok: false; reason: string } {
  let outer: z.infer<typeof fileSchema>;
  let text: string;
  try {
    outer = fileSchema.parse(JSON.parse(bytes.toString('utf8')));
    text = JSON.stringify(outer.payload);
  } catch {
    return { ok: false, reason: '不是一窗通数据文件（格式不符）' };
  }
  let good: boolean;
  try {
    const key = createPublicKey({ key: Buffer.from(outer.signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    good = verify(null, Buffer.from(text), key, Buffer.from(outer.signature.value, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: '签名校验失败（文件被改动或损坏）' };
  const parsed = payloadSchema.safeParse(outer.payload);
  if (!parsed.success) return { ok: false, reason: '不是一窗通数据文件（内容不符）' };
  const pinned = trusted.get(parsed.data.terminalId);
  if (!pinned) return { ok: false, reason: `终端 ${parsed.data.terminalId} 未登记（没有它的公钥）` };
  if (pinned !== outer.signature.publicKey) return { ok: false, reason: `终端 ${parsed.data.terminalId} 的签名密钥与登记的不一致` };
  return { ok: true, payload: parsed.data };
}

export interface MergedFiles {
  terminals: TerminalDays[];
  training: boolean;
  period: { from: string; to: string };
  accepted: { file: string; terminalId: string; days: number; duplicateDays: number }[];
  refused: { file: string; reason: string }[];
}

/**
 * Merges checked files: each (terminal, day) once, from the newest file that has it. Files of the other mode
 * (training vs live) than the first accepted one are refused.
 */
export function mergeFiguresFiles(files: { name: string; bytes: Buffer }[], trusted: TrustedKeys): MergedFiles {
  const refused: MergedFiles['refused'] = [];
  const good: { name: string; payload: FiguresPayload }[] = [];
  for (const f of files) {
    const r = verifyFiguresFile(f.bytes, trusted);
    if (!r.ok) refused.push({ file: f.name, reason: r.reason });
    else if (good.length > 0 && good[0]!.payload.training !== r.payload.training) refused.push({ file: f.name, reason: '培训数据与正式数据不能合并' });
    else good.push({ name: f.name, payload: r.payload });
  }
  if (good.length === 0) throw new CoreError('invalid_input', `no figures file could be used: ${refused.map((r) => `${r.file}: ${r.reason}`).join('; ')}`, 'error.figuresFile');
  // Newest first: the first file to bring a (terminal, day) is the one counted.
  const order = [...good].sort((a, b) => b.payload.generatedAt.localeCompare(a.payload.generatedAt));
  const terminals = new Map<string, { branchCode: string; days: Map<string, DayFigures> }>();
  const accepted = new Map<string, MergedFiles['accepted'][number]>();
  for (const { name, payload } of order) {
    let t = terminals.get(payload.terminalId);
    if (!t) terminals.set(payload.terminalId, (t = { branchCode: payload.branchCode, days: new Map() }));
    const entry = { file: name, terminalId: payload.terminalId, days: 0, duplicateDays: 0 };
    for (const d of payload.days) {
      if (t.days.has(d.day)) entry.duplicateDays++;
      else {
        t.days.set(d.day, d);
        entry.days++;
      }
    }
    accepted.set(name + '\u0000' + accepted.size, entry);
  }
  return {
    terminals: [...terminals].map(([terminalId, t]) => ({ terminalId, branchCode: t.branchCode, days: [...t.days.values()].sort((a, b) => a.day.localeCompare(b.day)) })),
    training: good[0]!.payload.training,
    period: {
      from: good.map((g) => g.payload.period.from).sort()[0]!,
      to: good.map((g) => g.payload.period.to).sort().at(-1)!,
    },
    accepted: [...accepted.values()],
    refused,
  };
}
