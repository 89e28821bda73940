import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  SignatureError, createStuSignaturePad, decodeCapability, decodePenReport, encodeCapability, encodePenReport,
} from '../../../native/signature';
import { createMockStuPad, MOCK_STU_CAPABILITIES, type ScriptStroke } from '../../../native/signature/mock-stu-pad';

// A HID signature pad cannot exist here (no hardware, no /dev/uhid): these tests drive the real driver
// through MOCK pads that implement the HidTransport interface.

const zigzag: ScriptStroke = Array.from({ length: 40 }, (_, i) => ({ x: 0.1 + i * 0.02, y: i % 2 ? 0.4 : 0.6, p: 0.5 + (i % 5) * 0.1 }));
const dot: ScriptStroke = [{ x: 0.9, y: 0.9, p: 0.8 }];

describe('STU protocol', () => {
  it('pen reports round-trip, including the time-count variant', () => {
    const s = { rdy: true, sw: 1, pressure: 1023, x: 10799, y: 6479 };
    expect(decodePenReport(encodePenReport(s))).toEqual(s);
    const t = { ...s, pressure: 0, sw: 0, timeCount: 65535, sequence: 7 };
    expect(decodePenReport(encodePenReport(t))).toEqual(t);
    expect(encodePenReport(s)[0]).toBe(0x01);
    expect(encodePenReport(t)[0]).toBe(0x34);
  });

  it('decodes the bit layout: rdy bit 15, switch bits 12–14, pressure 12 bits, x and y big-endian', () => {
    expect(decodePenReport(Uint8Array.of(0x01, 0x93, 0xff, 0x12, 0x34, 0x00, 0x10))).toEqual({ rdy: true, sw: 1, pressure: 0x3ff, x: 0x1234, y: 0x10 });
  });

  it('rejects malformed reports with a typed error', () => {
    expect(() => decodePenReport(Uint8Array.of(0x01, 0x80))).toThrow(SignatureError);
    expect(() => decodePenReport(Uint8Array.of(0x07, 0, 0, 0, 0, 0, 0))).toThrow(SignatureError);
    expect(() => decodeCapability(new Uint8Array(17))).toThrow(SignatureError);
  });

  it('capability reports round-trip', () => {
    const c = MOCK_STU_CAPABILITIES['STU-430'];
    expect(decodeCapability(encodeCapability(c))).toEqual(c);
  });
});

describe.each(['STU-430', 'STU-530', 'STU-540'] as const)('signature pad driver on a MOCK %s', (model) => {
  it('captures a scripted signature as PNG, points and SHA-256', async () => {
    const mock = createMockStuPad(model);
    const pad = createStuSignaturePad(mock);
    const cap = await pad.capability();
    expect(cap.screenWidth).toBe(MOCK_STU_CAPABILITIES[model].screenWidth);
    await pad.startCapture();
    expect(mock.commands.map((c) => [...c])).toEqual([[0x20, 0], [0x21, 1]]);
    const live: number[] = [];
    pad.onPoint((p) => live.push(p.p));
    await mock.play([zigzag, dot], { timed: model !== 'STU-430' });
    const res = await pad.finishCapture();
    expect(mock.commands.at(-1)).toEqual(Uint8Array.of(0x21, 0));
    // 40 + 1 contact points and one pen-up point after each stroke
    expect(res.points).toHaveLength(43);
    expect(res.points.filter((p) => p.p === 0)).toHaveLength(2);
    expect(live).toHaveLength(43);
    const first = res.points[0]!;
    expect(first.x).toBe(Math.round((Math.round(0.1 * cap.tabletMaxX) * (cap.screenWidth - 1)) / cap.tabletMaxX));
    expect(first.p).toBeCloseTo(0.5, 2);
    expect(res.points.every((p, i, a) => i === 0 || p.t >= a[i - 1]!.t)).toBe(true);
    expect(res.sha256).toBe(createHash('sha256').update(res.png).digest('hex'));
    const img = PNG.sync.read(Buffer.from(res.png));
    expect([img.width, img.height]).toEqual([cap.screenWidth, cap.screenHeight]);
    const alphaAt = (x: number, y: number): number => img.data[(y * img.width + x) * 4 + 3]!;
    expect(alphaAt(first.x, first.y)).toBe(255); // ink where the pen was
    expect(alphaAt(2, 2)).toBe(0); // transparent elsewhere
    const lastDot = res.points[41]!;
    expect(alphaAt(lastDot.x, lastDot.y)).toBe(255);
    await pad.close();
  });
});

describe('signature pad driver robustness (MOCK pad)', () => {
  it('ignores malformed and foreign reports and refuses an empty signature', async () => {
    const mock = createMockStuPad('STU-540');
    const pad = createStuSignaturePad(mock);
    await pad.startCapture();
    mock.emitRaw(Uint8Array.of(0x01, 0x90)); // truncated pen report
    mock.emitRaw(Uint8Array.of(0x99, 1, 2, 3)); // some other report
    expect(pad.droppedReports).toBe(1);
    await expect(pad.finishCapture()).rejects.toMatchObject({ code: 'empty' });
    await expect(pad.finishCapture()).rejects.toMatchObject({ code: 'not_capturing' });
  });

  it('the same strokes give the same PNG hash; different strokes a different one', async () => {
    const capture = async (strokes: ScriptStroke[]): Promise<string> => {
      const mock = createMockStuPad('STU-430');
      const pad = createStuSignaturePad(mock);
      await pad.startCapture();
      await mock.play(strokes);
      return (await pad.finishCapture()).sha256;
    };
    expect(await capture([zigzag])).toBe(await capture([zigzag]));
    expect(await capture([zigzag])).not.toBe(await capture([zigzag, dot]));
  });
});
