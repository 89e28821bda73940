import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../../src-main/core/people/pin';
import { FREE_FAILURES, LOCK_MS, waitAfter } from '../../../src-main/core/people/throttle';

describe('PIN hashing', () => {
  it('stores a salted memory-hard scrypt hash that verifies only the right PIN', async () => {
    const a = await hashPin('246813');
    const b = await hashPin('246813');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('246813');
    expect(await verifyPin('246813', a)).toBe(true);
    expect(await verifyPin('246814', a)).toBe(false);
  });

  it('refuses a malformed hash or one with weaker parameters', async () => {
    const good = await hashPin('246813');
    expect(await verifyPin('246813', 'plain:246813')).toBe(false);
    expect(await verifyPin('246813', good.replace('$32768$', '$1024$'))).toBe(false);
  });

  it('the wait after wrong PINs grows and ends in a lock-out', () => {
    expect(waitAfter(FREE_FAILURES - 1)).toBe(0);
    expect(waitAfter(FREE_FAILURES)).toBeGreaterThan(0);
    expect(waitAfter(FREE_FAILURES + 1)).toBe(2 * waitAfter(FREE_FAILURES));
    expect(waitAfter(FREE_FAILURES + 30)).toBe(LOCK_MS);
  });
});
