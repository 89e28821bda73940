/**
 * The decision data-key.ts applies to Electron's safeStorage facts (Electron cannot run here; data-key.ts is
 * typechecked against electron.d.ts and calls exactly this with safeStorage's answers).
 */
import { describe, expect, it } from 'vitest';
import { decideKeyStore } from '../../../src-main/electron/key-store-policy';

describe('OS key store policy', () => {
  it('refuses to start in production without a real OS key store, with a message for branch IT', () => {
    for (const facts of [
      { platform: 'linux' as const, encryptionAvailable: true, linuxBackend: 'basic_text' },
      { platform: 'linux' as const, encryptionAvailable: false, linuxBackend: 'gnome_libsecret' },
      { platform: 'linux' as const, encryptionAvailable: true, linuxBackend: undefined },
      { platform: 'win32' as const, encryptionAvailable: false },
    ]) {
      const d = decideKeyStore({ mode: 'production', ...facts });
      expect(d.start, JSON.stringify(facts)).toBe(false);
      if (!d.start) {
        expect(d.message).toMatch(/分行 IT/);
        expect(d.message).toMatch(/Branch IT/);
        expect(d.title).toMatch(/no OS key store/);
      }
    }
  });

  it('starts with a real key store in every mode', () => {
    for (const mode of ['production', 'training', 'development'] as const) {
      expect(decideKeyStore({ mode, platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toEqual({ start: true, osProtected: true });
      expect(decideKeyStore({ mode, platform: 'win32', encryptionAvailable: true })).toEqual({ start: true, osProtected: true });
    }
  });

  it('allows training and development without one, saying so', () => {
    const d = decideKeyStore({ mode: 'training', platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' });
    expect(d).toMatchObject({ start: true, osProtected: false });
    expect(d.start && d.warning).toMatch(/file permissions only/);
  });
});
