import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedactor, redactLine } from '../../../src-main/core/logging/redact';
import { clearSensitive, registerSensitive } from '../../../src-main/core/logging/sensitive';
import { arbBankCard, arbChineseName, arbIdNumber, arbMobile, idNumber, luhnComplete } from './personal-data';

const line = (obj: unknown) => redactLine(JSON.stringify(obj));

afterEach(() => clearSensitive());

describe('pattern redaction', () => {
  const id = idNumber('33030219900101123');
  const idX = '11010519491231002X';

  it('removes 18-character ID numbers, valid or not, with X, full-width, spaced', () => {
    expect(idX).toBe(idNumber('11010519491231002')); // a real check character X
    const bad = '330302199001011239'; // wrong check digit: still removed
    const text = `a ${id} b ${idX} c ${idX.toLowerCase()} d ${bad} e ３３０３０２１９９００１０１１２３４ f 330302 19900101 1234`;
    const out = line({ msg: text });
    for (const v of [id, idX, idX.toLowerCase(), bad, '３３０３０２１９９００１０１１２３４', '330302 19900101 1234', '19900101']) {
      expect(out).not.toContain(v);
    }
    expect(out.match(/\[ID\]/g)).toHaveLength(6);
  });

  it('removes ID numbers and mobiles in other groupings and with other separators, and keeps dates, times and addresses', () => {
    const spellings = ['110105 1949 1231 002X', '110105-1949-1231-002X', '1101 0519 4912 3100 2X', '110105_19491231_002X', '110105.19491231.002X', '138.0013.8000', '138/0013/8000', '138 001 38000', '1380013 8000'];
    for (const v of spellings) {
      const out = line({ msg: `probe ${v} end`, data: { q: v } });
      expect(out, v).not.toContain(v);
      expect(out.replace(/[^0-9]/g, '').length, v).toBeLessThan(6);
      expect(() => JSON.parse(out)).not.toThrow();
    }
    const keep = { msg: 'at 2026-12-06 13:06:12.120, 温州市龙湾区 12 号 3-201 室, v1.2.3, 127.0.0.1, 2026/12/06 10.5 ms, 3303-LW-0012-W03' };
    expect(line(keep)).toBe(JSON.stringify(keep));
    // Inside a JSON escape the escape stays whole.
    const escaped = '{"msg":"\\u0031\\u0033 138.0013.8000 and\\n138 001 38000"}';
    const out = redactLine(escaped);
    expect(JSON.parse(out)).toEqual({ msg: '\u0031\u0033 [MOBILE] and\n[MOBILE]' });
  });

  it('removes 15-digit old ID numbers', () => {
    expect(line({ msg: 'old 330302900101123 card' })).toBe('{"msg":"old [ID] card"}');
  });

  it('removes mobile numbers in their usual spellings', () => {
    const out = line({ msg: '13800138000 / +86 13912345678 / +8615012345678 / 138-0013-8000 / 138 0013 8000' });
    expect(out).toBe('{"msg":"[MOBILE] / +86 [MOBILE] / +[MOBILE] / [MOBILE] / [MOBILE]"}');
  });

  it('removes Luhn-valid bank cards of 16-19 digits, plain or in groups of four', () => {
    const c16 = luhnComplete('622202123456789');
    const c19 = luhnComplete('621700123456789012');
    const grouped = c16.replace(/(\d{4})(?=\d)/g, '$1 ');
    const out = line({ msg: `${c16} ${c19} ${grouped}` });
    expect(out).toBe('{"msg":"[CARD] [CARD] [CARD]"}');
  });

  it('keeps numbers that are none of these: times, counts, non-Luhn 16 digits, epoch ms, UUIDs', () => {
    const c16 = luhnComplete('622202123456789');
    const notCard = c16.slice(0, 15) + ((Number(c16[15]) + 1) % 10);
    const keep = {
      time: '2026-11-28T09:15:02.120+08:00',
      ms: 1713800138000,
      n: 12345,
      notCard,
      caseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      terminalId: '3303-LW-0012-W03',
      msg: 'queued 17 cases in 2026-11-28 09:15',
    };
    expect(line(keep)).toBe(JSON.stringify(keep));
  });

  it('removes runs of 20 or more digits (they could hide an ID)', () => {
    expect(line({ msg: `x${id}00` })).toBe('{"msg":"x[DIGITS]"}');
  });
  it('keeps the line valid JSON when a number follows an escaped control character', () => {
    const id2 = idNumber('33030219900101123');
    for (const text of [`\u0001${id2}`, `\u001b[31m${id2}`, `\\${id2}`, `\u0002${'QUJD'.repeat(30)}`]) {
      const out = line({ msg: text });
      expect(() => JSON.parse(out)).not.toThrow();
      expect(out).not.toContain(id2);
      expect(out).not.toContain('QUJD'.repeat(5));
    }
  });
});

describe('key redaction', () => {
  it('removes values of personal keys at any depth and of any type, keeping other fields', () => {
    const obj = {
      caseId: 'c-1',
      applicant: { name: 'X Y', idNumber: 'ABC', phone: 13800138000, address: '龙湾区' },
      list: [{ photo: { wlt: [1, 2, 3], format: 'wlt' } }, { signature: 'data' }],
      png: null,
      Name: 'upper-case key',
      nested: { deeper: { photoWlt: '{"tricky":"}]"}' } },
      device: 'printer',
    };
    const out = JSON.parse(line(obj)) as Record<string, unknown>;
    expect(out).toEqual({
      caseId: 'c-1',
      applicant: { name: '[REDACTED]', idNumber: '[REDACTED]', phone: '[REDACTED]', address: '[REDACTED]' },
      list: [{ photo: '[REDACTED]' }, { signature: '[REDACTED]' }],
      png: null,
      Name: '[REDACTED]',
      nested: { deeper: { photoWlt: '[REDACTED]' } },
      device: 'printer',
    });
  });

  it('is not fooled by a key name inside a string', () => {
    const obj = { msg: 'field "name": is required', detail: '{"name":"x"}' };
    expect(line(obj)).toBe(JSON.stringify(obj));
  });

  it('removes secrets such as tokens and passwords', () => {
    const out = line({ auth: { token: 'abc123', password: 'hunter2' } });
    expect(out).not.toContain('abc123');
    expect(out).not.toContain('hunter2');
  });
});

describe('blobs', () => {
  it('removes base64 (signature PNGs, photos) and serialised Buffers', () => {
    const png = Buffer.alloc(600, 0x89).toString('base64');
    const out = line({ sig: `data:image/png;base64,${png}`, raw: Buffer.from([1, 2, 3, 4]), hex: Buffer.alloc(64, 0xab).toString('hex') });
    expect(out).not.toContain(png.slice(0, 40));
    expect(out).not.toContain('"data":[');
    expect(out).not.toContain('abab'.repeat(8));
    expect(JSON.parse(out)).toEqual({ sig: 'data:image/png;base64,[BLOB]', raw: '[BINARY]', hex: '[BLOB]' });
  });

  it('keeps ordinary stack traces and paths', () => {
    const err = new Error('boom');
    const out = line({ stack: err.stack });
    expect(out).toBe(JSON.stringify({ stack: err.stack }));
  });
});

describe('registered names', () => {
  it('removes a registered name while it is registered; registrations are counted', () => {
    const release1 = registerSensitive('王小明');
    const release2 = registerSensitive('王小明');
    expect(line({ msg: '申请人王小明已受理' })).toBe('{"msg":"申请人[NAME]已受理"}');
    release1();
    release1(); // idempotent
    expect(line({ msg: '王小明' })).toBe('{"msg":"[NAME]"}');
    release2();
    expect(line({ msg: '王小明' })).toBe('{"msg":"王小明"}');
  });

  it('matches Latin names as whole words only, and ignores single characters', () => {
    registerSensitive('Li Na');
    registerSensitive('王');
    expect(line({ msg: 'Li Na called; Linaro; 王府井' })).toBe('{"msg":"[NAME] called; Linaro; 王府井"}');
  });

  it('a redactor without the registry leaves names alone', () => {
    registerSensitive('王小明');
    expect(createRedactor({ useSensitiveRegistry: false })('{"msg":"王小明"}')).toBe('{"msg":"王小明"}');
  });
});

describe('properties', () => {
  it('no generated ID, mobile, card or registered name survives, and the line stays valid JSON', () => {
    fc.assert(
      fc.property(
        arbIdNumber,
        arbMobile,
        arbBankCard,
        arbChineseName,
        fc.string({ maxLength: 20 }),
        fc.constantFrom(' ', '：', ',', '\n', '"', '', '\u0001', '\\', '\u001b'),
        (id, mobile, card, name, noise, sep) => {
          const release = registerSensitive(name);
          try {
            const obj = {
              msg: `${noise}${sep}${id}${sep}${mobile}${sep}${card}${sep}${name}${sep}${noise}`,
              err: { message: `bad ${id}`, stack: `Error: ${name} ${card}\n    at x (/a/b.ts:1:2)` },
              nested: [{ deep: { text: `${mobile}` } }],
            };
            const out = line(obj);
            expect(() => JSON.parse(out)).not.toThrow();
            for (const secret of [id, mobile, card, name]) expect(out).not.toContain(secret);
          } finally {
            release();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lines without personal data pass unchanged', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('component', 'msg', 'count', 'state'), fc.oneof(fc.string({ maxLength: 10 }).filter((s) => !/\d/.test(s)), fc.integer({ min: 0, max: 99999 }))), (obj) => {
        expect(line(obj)).toBe(JSON.stringify(obj));
      }),
    );
  });
});
