import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../../src-main/core/crypto/vault';

describe('vault (AES-256-GCM envelopes for personal data at rest)', () => {
  const vault = createVault(randomBytes(32));

  it('opens what it sealed, and the envelope does not contain the plaintext', () => {
    const value = { idNumber: '11010519491231002X', name: '王芳', phone: '13905771234' };
    const sealed = vault.seal(value);
    expect(vault.open(sealed)).toEqual(value);
    expect(sealed.includes(Buffer.from('11010519491231002X'))).toBe(false);
    expect(sealed.includes(Buffer.from('王芳'))).toBe(false);
  });

  it('refuses a tampered envelope and one sealed under another key', () => {
    const sealed = vault.seal({ a: 1 });
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 0x01;
    expect(() => vault.open(tampered)).toThrow();
    expect(() => createVault(randomBytes(32)).open(sealed)).toThrow();
    expect(() => vault.open(Buffer.from([1, 2, 3]))).toThrow(/not a sealed value/);
  });

  it('never uses a nonce twice, across many refills of its nonce pool', () => {
    const nonces = new Set<string>();
    const n = 5_000; // the pool holds 340 nonces: this crosses it 14 times
    for (let i = 0; i < n; i++) {
      const sealed = vault.seal(i);
      nonces.add(sealed.subarray(1, 13).toString('hex'));
      if (i % 997 === 0) expect(vault.open(sealed)).toBe(i);
    }
    expect(nonces.size).toBe(n);
  });

  it('seals JSON text given in chunks as seal seals the value: same envelope layout, a fresh nonce, opened by open', () => {
    const value = { name: '王芳', png: 'iVBORw0KGgo=', n: 3 };
    const text = JSON.stringify(value);
    const cut = text.indexOf('iVBOR');
    const chunks = [Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut, cut + 5)), Buffer.from(text.slice(cut + 5))];
    const a = vault.sealJson(chunks);
    const b = vault.sealJson(chunks);
    expect(a.length).toBe(vault.seal(value).length);
    expect(vault.open(a)).toEqual(value);
    expect(vault.openJson(a).toString('utf8')).toBe(text);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.includes(Buffer.from('王芳'))).toBe(false);
    const tampered = Buffer.from(a);
    tampered[20]! ^= 0x01; // the tag
    expect(() => vault.open(tampered)).toThrow();
    expect(vault.open(vault.sealJson([Buffer.from('nu'), Buffer.from('ll')]))).toBe(null);
  });

  it('gives a keyed, deterministic lookup hash', () => {
    expect(vault.lookupHash('11010519491231002X')).toBe(vault.lookupHash('11010519491231002X'));
    expect(vault.lookupHash('11010519491231002X')).not.toBe(createVault(randomBytes(32)).lookupHash('11010519491231002X'));
    expect(() => createVault(randomBytes(16))).toThrow(/32 bytes/);
  });
});
