import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  decodeEscPos, decodeEscPosJobs, displayWidth, encodeStatusBytes, escpos, isPrintable, isStatusByte, parseStatusBytes,
  tokenizeEscPos, twoColumns,
} from '../../../native/printer';

const find = (hay: Uint8Array, needle: number[]): number => Buffer.from(hay).indexOf(Buffer.from(needle));

describe('ESC/POS builder', () => {
  it('starts with ESC @ and Kanji mode FS &, and writes GB18030 text', () => {
    const b = escpos().init().line('社保缴费凭证').build();
    expect([...b.subarray(0, 4)]).toEqual([0x1b, 0x40, 0x1c, 0x26]);
    const gb = iconv.encode('社保缴费凭证', 'gb18030');
    expect(find(b, [...gb])).toBe(4);
    expect(b[b.length - 1]).toBe(0x0a);
  });

  it('QR store command carries pL pH = UTF-8 byte length + 3', () => {
    const data = 'https://example.invalid/回执?case=ABC-123';
    const utf8 = Buffer.from(data, 'utf8');
    const b = escpos().qr(data, { level: 'Q', moduleSize: 5 }).build();
    const at = find(b, [0x1d, 0x28, 0x6b]);
    expect(at).toBe(0);
    const store = find(b, [0x31, 0x50, 0x30]) - 5;
    const len = b[store + 3]! | (b[store + 4]! << 8);
    expect(len).toBe(utf8.length + 3);
    expect(Buffer.from(b.subarray(store + 8, store + 8 + utf8.length)).toString('utf8')).toBe(data);
    expect(find(b, [0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, 50])).toBeGreaterThan(-1); // level Q
    expect(find(b, [0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30])).toBeGreaterThan(store); // print
  });

  it('QR length bytes are right for data over 255 bytes', () => {
    const data = '测'.repeat(200); // 600 UTF-8 bytes
    const b = escpos().qr(data).build();
    const store = find(b, [0x31, 0x50, 0x30]) - 5;
    expect(b[store + 3]! | (b[store + 4]! << 8)).toBe(603);
    expect(decodeEscPos(b).qrCodes).toEqual([data]);
  });

  it('CODE128 uses GS k 73 with code set B and its length', () => {
    const b = escpos().code128('SB{2024}-01').build();
    const at = find(b, [0x1d, 0x6b, 73]);
    const n = b[at + 3]!;
    const body = Buffer.from(b.subarray(at + 4, at + 4 + n)).toString('ascii');
    expect(body).toBe('{BSB{{2024}-01');
    expect(decodeEscPos(b).barcodes).toEqual(['SB{2024}-01']);
    expect(() => escpos().code128('中文')).toThrow(RangeError);
  });

  it('bold, size, alignment and cut encode as ESC E, GS !, ESC a, GS V', () => {
    const b = escpos().bold().size(2, 3).align('center').cut().build();
    expect([...b]).toEqual([0x1b, 0x45, 1, 0x1d, 0x21, 0x12, 0x1b, 0x61, 1, 0x1d, 0x56, 65, 3]);
  });

  it('decodes a full receipt back to text, QR, barcode and cuts', () => {
    const b = escpos()
      .init().align('center').bold().size(2, 2).line('一窗通 业务回执').size().bold(false)
      .align('left').line(twoColumns('业务编号', 'C-0001', 32)).line('证件号码 330303********1246')
      .qr('C-0001').code128('C-0001').feed(2).cut()
      .init().line('第二张').cut({ partial: true })
      .build();
    const d = decodeEscPos(b);
    expect(d.text).toContain('一窗通 业务回执\n');
    expect(d.text).toContain('证件号码 330303********1246');
    expect(d.qrCodes).toEqual(['C-0001']);
    expect(d.barcodes).toEqual(['C-0001']);
    expect(d.cuts).toBe(2);
    const jobs = decodeEscPosJobs(b);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]!.text).toBe('第二张\n');
  });

  it('tokenizer returns complete tokens only and never splits a command', () => {
    const b = escpos().qr('abc').build();
    expect(tokenizeEscPos(b.subarray(0, b.length - 2)).length).toBeLessThan(tokenizeEscPos(b).length);
  });

  it('measures display width with CJK as two columns', () => {
    expect(displayWidth('社保AB')).toBe(6);
    expect(displayWidth(twoColumns('金额', '100.00', 32))).toBe(32);
  });
});

describe('real-time status', () => {
  it('maps DLE EOT 1–4 bits to paper out / near end / cover open / offline / cutter error', () => {
    expect(parseStatusBytes(0x12, 0x12, 0x12, 0x12)).toEqual({
      paperOut: false, paperNearEnd: false, coverOpen: false, offline: false, cutterError: false, otherError: false,
    });
    expect(parseStatusBytes(0x1a, 0x32, 0x12, 0x72)).toMatchObject({ offline: true, paperOut: true });
    expect(parseStatusBytes(0x12, 0x12, 0x12, 0x1e)).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(parseStatusBytes(0x1a, 0x16, 0x12, 0x12)).toMatchObject({ coverOpen: true });
    expect(parseStatusBytes(0x1a, 0x52, 0x1a, 0x12)).toMatchObject({ cutterError: true });
    for (const s of [{ paperOut: true }, { coverOpen: true }, { cutterError: true }, { paperNearEnd: true }, {}]) {
      const bytes = encodeStatusBytes(s);
      expect(bytes.every(isStatusByte)).toBe(true);
      const parsed = parseStatusBytes(...bytes);
      expect(parsed).toMatchObject(s);
      expect(isPrintable(parsed)).toBe(!(s as { paperOut?: boolean }).paperOut && !('coverOpen' in s) && !('cutterError' in s));
    }
    expect(isStatusByte(0x00)).toBe(false);
  });
});

describe('CODE128 code sets and module width', () => {
  it('packs digit runs in code set C, decodes back to the data and fits 58 mm with quiet zones', async () => {
    const { code128Command, code128Segments, code128ModuleWidth, measureEscPos } = await import('../../../native/printer');
    const { code128Widths } = await import('../../../src-main/core/documents/code128');
    expect(code128Segments('SB20261128000017')).toEqual([{ set: 'B', text: 'SB' }, { set: 'C', text: '20261128000017' }]);
    // the module count agrees with bwip-js's own CODE128 encoder (which also picks code sets optimally)
    const ours = code128Command('SB20261128000017').symbols * 11 + 13;
    expect(ours).toBe(code128Widths('SB20261128000017').reduce((a, b) => a + b, 0));
    expect(code128ModuleWidth('SB20261128000017', 384)).toBe(2);
    const m = measureEscPos(escpos().code128('SB20261128000017', { dots: 384 }).build());
    expect(m.barcodes).toEqual([{ data: 'SB20261128000017', system: 73, moduleWidth: 2, dots: (ours + 20) * 2 }]);
    expect(m.barcodes[0]!.dots).toBeLessThanOrEqual(384);
    expect(() => escpos().code128('X'.repeat(40), { dots: 384 })).toThrow(RangeError);
  });

  it('any printable ASCII round-trips through the code-set encoding', async () => {
    const fc = (await import('fast-check')).default;
    const { code128Command, decodeCode128Data } = await import('../../../native/printer');
    fc.assert(fc.property(fc.stringMatching(/^[\x20-\x7e]{1,40}$/), (s) => {
      const { body, symbols } = code128Command(s);
      expect(decodeCode128Data(body)).toMatchObject({ text: s, symbols });
      expect(symbols).toBeLessThanOrEqual(s.length + 2);
    }), { numRuns: 2000 });
  });
});
