import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderSignaturePng } from '../../../native/signature';
import { base64OfDataUrl, bytesOfBase64, sha256Hex, signatureFromPng } from '../../../src-renderer/features/devices/signature-result';

// The renderer helpers use only browser APIs (atob, SubtleCrypto), which Node 20 also has.
describe('on-screen signature result', () => {
  const png = renderSignaturePng(
    [
      { x: 10, y: 20, p: 0.5, t: 0 },
      { x: 60, y: 40, p: 0.7, t: 10 },
      { x: 60, y: 40, p: 0, t: 20 },
    ],
    120,
    60,
  );
  const dataUrl = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

  it('has the hardware pad shape, with the SHA-256 of the PNG bytes', async () => {
    const r = await signatureFromPng(dataUrl, 3);
    expect(r.points).toBe(3);
    expect(Buffer.from(r.pngBase64, 'base64')).toEqual(Buffer.from(png));
    expect(r.sha256).toBe(createHash('sha256').update(png).digest('hex'));
  });

  it('decodes base64 to the same bytes as Node does', () => {
    const b64 = base64OfDataUrl(dataUrl);
    expect(Buffer.from(bytesOfBase64(b64))).toEqual(Buffer.from(b64, 'base64'));
  });

  it('hashes like Node for the empty input and arbitrary bytes', async () => {
    expect(await sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses anything but a PNG data URL', () => {
    expect(() => base64OfDataUrl('data:image/jpeg;base64,AAAA')).toThrow();
    expect(() => base64OfDataUrl('not a url')).toThrow();
  });
});
