import { createHash } from 'node:crypto';
import type { CatalogItem, SubmitCaseInput } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { PersonalData } from '../applicants/applicant-service';

/** The body of `PUT /v1/cases/{caseId}` (private-line contract v1). */
export interface CaseBody {
  caseId: string;
  rev: number;
  action: 'submit' | 'withdraw';
  itemCode: string;
  kind: 'immediate' | 'commitment';
  acceptedAt: string;
  branchCode: string;
  windowNo: number;
  tellerId: string;
  applicant: {
    idType: string;
    idNumber: string;
    name: string;
    gender?: string;
    ethnicity?: string;
    birthDate?: string;
    address?: string;
    phone?: string;
    idValidTo?: string;
  };
  form: Record<string, string | number | null>;
  materials: { code: string; name: string; original: number; copies: number; received: boolean; deferred: boolean }[];
  signature?: { sha256: string; png: string };
  feedback: { channel: string; phone?: string; address?: string };
  training: boolean;
}

function idTypeFor(p: PersonalData): string {
  if (p.cardType === 'hkmo_tw') return 'hkmo_tw';
  if (p.cardType === 'foreign_old' || p.cardType === 'foreign_2023') return 'foreign';
  if (p.cardType === 'other') return 'other';
  return 'resident';
}

/** `o` without its null and undefined fields (a plain loop: this runs on every submit). */
function defined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out as T;
}

export function buildCaseBody(args: {
  input: SubmitCaseInput;
  item: CatalogItem;
  personal: Readonly<PersonalData>;
  config: TerminalConfig;
  /** The signed-in person who accepts the case. */
  tellerId: string;
  rev: number;
  acceptedAt: string;
}): CaseBody {
  const { input, item, personal, config, rev, acceptedAt } = args;
  const byCode = new Map(input.materials.map((m) => [m.code, m]));
  const signature = input.signature
    ? { sha256: createHash('sha256').update(Buffer.from(input.signature.pngBase64, 'base64')).digest('hex'), png: input.signature.pngBase64 }
    : undefined;
  return {
    caseId: input.caseId,
    rev,
    action: 'submit',
    itemCode: item.code,
    kind: item.kind,
    acceptedAt,
    branchCode: config.branchCode,
    windowNo: config.windowNo,
    tellerId: args.tellerId,
    applicant: defined({
      idType: idTypeFor(personal),
      idNumber: personal.idNumber,
      name: personal.name,
      gender: personal.gender ?? undefined,
      ethnicity: personal.ethnicity ?? undefined,
      birthDate: personal.birthDate ?? undefined,
      address: personal.address ?? undefined,
      phone: input.feedback.phone ?? personal.phone ?? undefined,
      idValidTo: personal.idValidTo ?? undefined,
    }),
    form: input.form,
    materials: item.materials.map((m) => {
      const given = byCode.get(m.code);
      return {
        code: m.code,
        name: m.name,
        original: given?.original ?? 0,
        copies: given?.copies ?? 0,
        received: given?.received ?? false,
        deferred: given?.deferred ?? false,
      };
    }),
    ...(signature ? { signature } : {}),
    feedback: defined({ channel: input.feedback.channel, phone: input.feedback.phone, address: input.feedback.address }),
    training: config.mode !== 'production',
  };
}

/** Canonical base64 text (what it decodes to encodes back to it) holds no character JSON escapes. */
function isCanonicalBase64(text: string): boolean {
  return Buffer.from(text, 'base64').toString('base64') === text;
}
const PNG_PLACEHOLDER = '"png":""';

/**
 * The body's JSON text as UTF-8 chunks, byte for byte JSON.stringify(body), without serialising the signature's PNG
 * (≈10 KB of base64, most of the body) through JSON.stringify and a two-byte string: the body is serialised with an
 * empty png, whose place (the last `"png":""`: only feedback and training follow the signature) receives the base64
 * text as it is (canonical base64 needs no escaping; any other text goes through JSON.stringify).
 */
export function caseBodyJsonChunks(body: CaseBody): Buffer[] {
  const png = body.signature?.png;
  if (!png || !isCanonicalBase64(png)) return [Buffer.from(JSON.stringify(body), 'utf8')];
  const text = JSON.stringify({ ...body, signature: { ...body.signature, png: '' } });
  const cut = text.lastIndexOf(PNG_PLACEHOLDER) + PNG_PLACEHOLDER.length - 1;
  return [Buffer.from(text.slice(0, cut), 'utf8'), Buffer.from(png, 'latin1'), Buffer.from(text.slice(cut), 'utf8')];
}

export type IntakeOutcome = 'accepted' | 'accepted_deferred' | 'notified';

/**
 * 一次性告知 rules: all required materials received → accepted; only deferrable (容缺) ones missing → accepted with a
 * one-time notice; a required, non-deferrable one missing → not accepted (notified), nothing is sent.
 */
export function intakeOutcome(item: CatalogItem, materials: CaseBody['materials']): { outcome: IntakeOutcome; missing: string[]; deferred: string[] } {
  const byCode = new Map(materials.map((m) => [m.code, m]));
  const missing: string[] = [];
  const deferred: string[] = [];
  for (const m of item.materials) {
    if (!m.required) continue;
    const given = byCode.get(m.code);
    if (given?.received) continue;
    if (m.deferrable && given?.deferred) deferred.push(m.code);
    else missing.push(m.code);
  }
  const outcome = missing.length > 0 ? 'notified' : deferred.length > 0 ? 'accepted_deferred' : 'accepted';
  return { outcome, missing, deferred };
}
