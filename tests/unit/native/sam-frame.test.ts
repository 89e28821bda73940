import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SAM_CMD, SAM_STATUS, SamError, SamFrameParser, encodeCommand, encodeResponse, formatSamId, samStatusInfo, xorChecksum,
} from '../../../native/idcard';
import { encodeSamId } from '../../../native/idcard/reader';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const toHex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0').toUpperCase()).join(' ');

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/native/sam-published-exchange.json', import.meta.url), 'utf8')) as {
  exchanges: Array<{ command: string; response?: string; responseLength?: number; responseLengths?: number[] }>;
};

describe('SAM frame codec', () => {
  it('reproduces the published command bytes exactly', () => {
    const [find, select, read, readFp] = fixture.exchanges;
    expect(toHex(encodeCommand(...SAM_CMD.findCard))).toBe(find!.command);
    expect(toHex(encodeCommand(...SAM_CMD.selectCard))).toBe(select!.command);
    expect(toHex(encodeCommand(...SAM_CMD.readText))).toBe(read!.command);
    expect(toHex(encodeCommand(...SAM_CMD.readWithFingerprint))).toBe(readFp!.command);
  });

  it('reproduces and parses the published responses exactly', () => {
    const find = fixture.exchanges[0]!.response!;
    const select = fixture.exchanges[1]!.response!;
    expect(toHex(encodeResponse(0x9f, new Uint8Array(4)))).toBe(find);
    expect(toHex(encodeResponse(0x90, new Uint8Array(8)))).toBe(select);
    const p = new SamFrameParser('response');
    p.push(hex(find));
    expect(p.next()).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) });
    expect(p.next()).toBeNull();
  });

  it('read answers have the published total lengths', () => {
    const textPhoto = encodeResponse(0x90, new Uint8Array(4 + 256 + 1024));
    expect(textPhoto.length).toBe(fixture.exchanges[2]!.responseLength);
    const lengths = [1024, 512, 0].map((fp) => encodeResponse(0x90, new Uint8Array(6 + 256 + 1024 + fp)).length);
    expect(lengths).toEqual(fixture.exchanges[3]!.responseLengths);
  });

  it('round-trips commands and responses of any size, split into arbitrary chunks', () => {
    const data = Uint8Array.from({ length: 1290 }, (_, i) => (i * 31 + 7) & 0xff);
    const bytes = encodeResponse(0x90, data, 0x12, 0x34);
    const p = new SamFrameParser('response');
    for (let i = 0; i < bytes.length; i += 17) p.push(bytes.subarray(i, i + 17));
    const f = p.next()!;
    expect([f.sw1, f.sw2, f.sw3]).toEqual([0x12, 0x34, 0x90]);
    expect(Buffer.from(f.data).equals(Buffer.from(data))).toBe(true);

    const c = new SamFrameParser('command');
    c.push(encodeCommand(0x30, 0x10, Uint8Array.of(9, 8)));
    expect(c.next()).toEqual({ cmd: 0x30, para: 0x10, data: Uint8Array.of(9, 8) });
  });

  it('checksum is the XOR from the length field to the last data byte', () => {
    const f = encodeCommand(0x20, 0x01);
    expect(f[f.length - 1]).toBe(0x00 ^ 0x03 ^ 0x20 ^ 0x01);
    expect(xorChecksum(f, 5, f.length - 1)).toBe(0x22);
  });

  it('rejects a bad checksum with a typed error and still finds the next good frame', () => {
    const bad = encodeResponse(0x90, Uint8Array.of(1, 2, 3));
    bad[bad.length - 1]! ^= 0xff;
    const good = encodeResponse(0x9f, new Uint8Array(4));
    const p = new SamFrameParser('response');
    p.push(bad);
    p.push(good);
    let err: unknown;
    try {
      p.next();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SamError);
    expect((err as SamError).code).toBe('bad_checksum');
    expect(p.next()?.sw3).toBe(0x9f);
  });

  it('resyncs past garbage and implausible lengths', () => {
    const p = new SamFrameParser('response');
    p.push(Uint8Array.of(0x01, 0xaa, 0xaa, 0x96, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff)); // length 0xFFFF: not a frame
    p.push(encodeResponse(0x80));
    expect(p.next()?.sw3).toBe(0x80);
    expect(p.next()).toBeNull();
  });

  it('waits for the rest of a partial frame', () => {
    const bytes = encodeResponse(0x90, Uint8Array.of(1, 2, 3, 4));
    const p = new SamFrameParser('response');
    p.push(bytes.subarray(0, 9));
    expect(p.next()).toBeNull();
    p.push(bytes.subarray(9));
    expect(p.next()?.data).toEqual(Uint8Array.of(1, 2, 3, 4));
  });
});

describe('SAM status codes', () => {
  it('maps every GA 467 SW3 code to a Chinese and an English message', () => {
    const codes = [0x90, 0x9f, 0x91, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81];
    expect(Object.keys(SAM_STATUS).map(Number).sort((a, b) => a - b)).toEqual([...codes].sort((a, b) => a - b));
    for (const c of codes) {
      const info = samStatusInfo(c);
      expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(info.en.length).toBeGreaterThan(5);
    }
    expect(samStatusInfo(0x55).en).toContain('0x55');
    const e = SamError.fromStatus(0x41);
    expect(e.code).toBe('status');
    expect(e.sw3).toBe(0x41);
    expect(e.messageZh).toBe(SAM_STATUS[0x41].zh);
  });
});

describe('SAM id', () => {
  it('formats the 16-byte management info and encodes it back', () => {
    const id = '05.01-20101206-0011450453-1234567890';
    const bytes = encodeSamId(id);
    expect(bytes.length).toBe(16);
    expect(formatSamId(bytes)).toBe(id);
    expect(() => formatSamId(new Uint8Array(3))).toThrow(SamError);
  });
});
