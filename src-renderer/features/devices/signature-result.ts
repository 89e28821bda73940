/**
 * The on-screen signature in the same shape as the hardware pad's: PNG (base64), SHA-256 (hex) of the PNG bytes,
 * and the number of vector points. Browser APIs only (SubtleCrypto, atob).
 */
export interface SignatureCapture {
  pngBase64: string;
  sha256: string;
  points: number;
}

/** `data:image/png;base64,…` → the base64 part. */
export function base64OfDataUrl(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:image/png;base64,') || comma < 0) throw new Error('not a PNG data URL');
  return dataUrl.slice(comma + 1);
}

export function bytesOfBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function signatureFromPng(dataUrl: string, points: number): Promise<SignatureCapture> {
  const pngBase64 = base64OfDataUrl(dataUrl);
  return { pngBase64, sha256: await sha256Hex(bytesOfBase64(pngBase64)), points };
}
