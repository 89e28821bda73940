import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SamError, SamFrameParser, decodeIdText, encodeIdText, encodeResponse, encodeCommand, parseReadData, ETHNICITY_TEXT, type IdCardData } from '../../../native/idcard';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { SignatureError, decodeCapability, decodePenReport, encodePenReport } from '../../../native/signature';

/**
 * Parser fuzzing. RUNS defaults to 100,000 inputs per family (SAM frames, HID reports), split between
 * random and mutated valid inputs; set NATIVE_FUZZ_RUNS to change it.
 */
const RUNS = Number(process.env.NATIVE_FUZZ_RUNS ?? 100_000);
const half = Math.max(1, Math.floor(RUNS / 2));

/** Feeds bytes in chunks and drains frames; returns frames, or fails on a foreign exception / a hang. */
function drain(direction: 'command' | 'response', bytes: Uint8Array, cuts: number[]): number {
  const p = new SamFrameParser(direction);
  let frames = 0;
  let start = 0;
  const points = [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
  for (const end of points) {
    p.push(bytes.subarray(start, Math.max(start, end)));
    start = Math.max(start, end);
    // each next() either consumes input or returns null, so this is bounded by the input length
    for (let guard = 0; guard <= bytes.length + 2; guard++) {
      try {
        if (!p.next()) break;
        frames++;
      } catch (err) {
        if (!(err instanceof SamError) || err.code !== 'bad_checksum') throw err;
      }
      if (guard === bytes.length + 2) throw new Error('parser did not make progress');
    }
  }
  return frames;
}

const validResponse = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }))
  .map(([sw3, data]) => encodeResponse(sw3, data));
const validCommand = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 40 }))
  .map(([c, p, d]) => encodeCommand(c, p, d));

type Mutation = { kind: 'flip' | 'drop' | 'insert' | 'truncate'; at: number; value: number };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('flip', 'drop', 'insert', 'truncate'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
});
function mutate(bytes: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Array.from(bytes);
  for (const m of ms) {
    const i = b.length ? m.at % b.length : 0;
    if (m.kind === 'flip') b[i] = (b[i] ?? 0) ^ (m.value || 1);
    else if (m.kind === 'drop') b.splice(i, 1);
    else if (m.kind === 'insert') b.splice(i, 0, m.value);
    else b = b.slice(0, i);
  }
  return Uint8Array.from(b);
}

/**
 * The content checks restated independently of card-checks.ts (own MOD 11-2, own calendar test), as the oracle for
 * reads the decoder accepts.
 */
function contentProblems(c: IdCardData): string[] {
  const problems: string[] = [];
  const realDate = (s: string | null): boolean => {
    const m = s ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
    if (!m) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s!) && Number(m[1]) >= 1900;
  };
  const mod11 = (n: string): string => '10X98765432'[[...n.slice(0, 17)].reduce((sum, ch, i) => sum + Number(ch) * ((2 ** (17 - i)) % 11), 0) % 11]!;
  if (!realDate(c.birthDate)) problems.push('birth date');
  if (!realDate(c.validFrom)) problems.push('valid from');
  if (c.validTo !== null && (!realDate(c.validTo) || c.validTo <= c.validFrom)) problems.push('valid to');
  if (c.gender !== '1' && c.gender !== '2') problems.push('gender');
  if (c.cardType === 'foreign_old') {
    if (!/^[A-Z]{3}\d{12}$/.test(c.idNumber) || c.idNumber.slice(7, 13) !== c.birthDate.replaceAll('-', '').slice(2)) problems.push('number');
  } else {
    if (!/^\d{17}[\dX]$/.test(c.idNumber) || mod11(c.idNumber) !== c.idNumber[17]) problems.push('check digit');
    if (c.idNumber.slice(6, 14) !== c.birthDate.replaceAll('-', '')) problems.push('birth in number');
    if (Number(c.idNumber[16]) % 2 !== (c.gender === '1' ? 1 : 0)) problems.push('sex in number');
  }
  if (c.cardType === 'resident' && !(c.ethnicity && c.ethnicity in ETHNICITY_TEXT)) problems.push('ethnicity');
  if (c.cardType !== 'resident' && (c.ethnicity !== undefined || c.longTerm)) problems.push('resident-only field');
  for (const n of [c.name, c.nameEn]) if (n !== undefined && (n !== n.trim() || /\s{2}/.test(n))) problems.push('name spaces');
  return problems;
}

describe('fuzzing', () => {
  it(`SAM response parser: ${half} random byte streams (with preambles sprinkled in)`, () => {
    const preambleish = fc.constantFrom(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69), Uint8Array.of(0xaa, 0xaa), Uint8Array.of(0x00, 0x08));
    const stream = fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), preambleish), { maxLength: 12 }).map((parts) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    });
    fc.assert(fc.property(stream, fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
      drain('response', bytes, cuts);
    }), { numRuns: half });
  });

  it(`SAM parsers: ${half} mutated valid frames (commands and responses)`, () => {
    fc.assert(
      fc.property(fc.oneof(validResponse.map((b) => ['response', b] as const), validCommand.map((b) => ['command', b] as const)),
        fc.array(mutation, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 3 }), ([dir, frame], ms, cuts) => {
          const bytes = mutate(frame, ms);
          const frames = drain(dir, bytes, cuts);
          if (ms.length === 0) expect(frames).toBe(1);
        }),
      { numRuns: half },
    );
  });

  it('valid responses survive any chunking and leading garbage intact', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 20 }), fc.array(fc.nat(), { maxLength: 5 }),
      (sw3, data, garbage, cuts) => {
        const clean = garbage.filter((x) => x !== 0xaa);
        const frame = encodeResponse(sw3, data);
        const bytes = new Uint8Array(clean.length + frame.length);
        bytes.set(clean);
        bytes.set(frame, clean.length);
        const p = new SamFrameParser('response');
        let start = 0;
        const out = [];
        for (const end of [...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length]) {
          p.push(bytes.subarray(start, Math.max(start, end)));
          start = Math.max(start, end);
          const f = p.next();
          if (f) out.push(f);
        }
        expect(out).toHaveLength(1);
        expect(out[0]!.sw3).toBe(sw3);
        expect(Buffer.from(out[0]!.data).equals(Buffer.from(data))).toBe(true);
      }), { numRuns: 2000 });
  });

  it('card data decoders throw nothing but SamError on random blocks', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), fc.uint8Array({ maxLength: 1400 }), fc.boolean(), (text, data, fp) => {
      for (const f of [() => decodeIdText(text, new Uint8Array(0)), () => parseReadData(data, fp)]) {
        try {
          f();
        } catch (err) {
          if (!(err instanceof SamError)) throw err;
        }
      }
    }), { numRuns: 5000 });
  });

  it(`card reads: ${half} valid chip texts with fields mutated; no accepted read breaks the content checks`, () => {
    const cards = Object.values(SAMPLE_CARDS);
    // a mutation replaces one UCS-2 character: a digit, a letter, a space or anything
    const charMutation = fc.record({
      at: fc.nat({ max: 127 }),
      ch: fc.oneof(fc.integer({ min: 0x30, max: 0x39 }), fc.constantFrom(0x20, 0x58, 0x41, 0x4f), fc.integer({ min: 0, max: 0xffff })),
    });
    let accepted = 0;
    let refused = 0;
    fc.assert(fc.property(fc.nat({ max: cards.length - 1 }), fc.array(charMutation, { minLength: 1, maxLength: 3 }), (which, ms) => {
      const card = cards[which]!;
      const text = encodeIdText(card);
      for (const m of ms) {
        if (m.at === 124) continue; // the card-type flag picks the layout; a changed flag is a different card
        text[m.at * 2] = m.ch & 0xff;
        text[m.at * 2 + 1] = m.ch >> 8;
      }
      let read;
      try {
        read = decodeIdText(text, card.photoWlt);
      } catch (err) {
        if (!(err instanceof SamError)) throw err;
        refused++;
        return;
      }
      accepted++;
      expect(contentProblems(read), JSON.stringify(ms)).toEqual([]);
    }), { numRuns: half });
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it(`HID report decoders: ${RUNS} random and mutated reports`, () => {
    const report = fc.oneof(
      fc.uint8Array({ maxLength: 20 }),
      fc.tuple(fc.constantFrom(0x01, 0x34, 0x09), fc.uint8Array({ maxLength: 16 })).map(([id, rest]) => Uint8Array.of(id, ...rest)),
      fc.tuple(fc.boolean(), fc.nat({ max: 7 }), fc.nat({ max: 4095 }), fc.nat({ max: 65535 }), fc.nat({ max: 65535 }), fc.array(mutation, { maxLength: 2 }))
        .map(([rdy, sw, pressure, x, y, ms]) => mutate(encodePenReport({ rdy, sw, pressure, x, y }), ms)),
    );
    fc.assert(fc.property(report, (r) => {
      for (const f of [() => decodePenReport(r), () => decodeCapability(r)]) {
        try {
          if (typeof f() !== 'object') throw new Error('decoder returned a non-object');
        } catch (err) {
          if (!(err instanceof SignatureError)) throw err;
        }
      }
    }), { numRuns: RUNS });
  });
});
