import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fullJitterDelay, parseRetryAfter } from '../../../src-main/core/sync/backoff';
import { classifyWrite } from '../../../src-main/core/sync/wire';

describe('full-jitter backoff', () => {
  it('stays within [0, min(cap, base·2^(n-1)))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, base, cap, u) => {
        const d = fullJitterDelay(n, base, cap, () => u);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.max(1, Math.min(cap, base * 2 ** (n - 1))));
      }),
    );
  });
  it('grows exponentially up to the cap', () => {
    const top = (n: number) => fullJitterDelay(n, 100, 5_000, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([99, 199, 399, 799, 1599, 3199, 4999]);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-28T01:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 01:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('the contract error table', () => {
  const now = 0;
  const err = (error: string, extra: object = {}) => ({ error, message: 'm', ...extra });
  it.each([
    [201, { caseNo: 'A1', status: 'received' }, 'ok'],
    [200, { caseNo: 'A1', status: 'completed', result: { receiptNo: 'R1' } }, 'ok'],
    [201, { caseNo: 'A1', status: 'bogus' }, 'transient'],
    [200, undefined, 'transient'],
    [400, err('malformed'), 'defect'],
    [401, err('unauthenticated'), 'auth'],
    [403, err('forbidden'), 'auth'],
    [403, undefined, 'auth'],
    [409, err('in_progress'), 'busy'],
    [422, err('rejected', { reasons: [{ field: 'applicant', message: 'not eligible' }] }), 'rejected'],
    [422, err('key_reused'), 'defect'],
    [422, undefined, 'transient'],
    [429, err('throttled'), 'throttled'],
    [500, err('internal'), 'transient'],
    [502, undefined, 'transient'],
    [503, err('unavailable'), 'transient'],
    [504, err('gateway_timeout'), 'transient'],
    [404, err('not_found'), 'defect'],
  ])('HTTP %i %j → %s', (status, body, kind) => {
    expect(classifyWrite(status, body, undefined, now).kind).toBe(kind);
  });
  it('keeps the reasons of a rejection and the Retry-After of a 429', () => {
    const r = classifyWrite(422, err('rejected', { reasons: [{ field: 'form.x', message: '不符合条件' }] }), undefined, now);
    expect(r).toEqual({ kind: 'rejected', message: 'm', reasons: [{ field: 'form.x', message: '不符合条件' }] });
    expect(classifyWrite(429, err('throttled'), '7', now)).toMatchObject({ kind: 'throttled', retryAfterMs: 7000 });
  });
});
