import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

/** A signature as vector points: screen pixels, pressure 0–1 (0 = pen up, ends a stroke), ms since start. */
export interface SignaturePoint {
  x: number;
  y: number;
  p: number;
  t: number;
}

export interface SignatureResult {
  png: Uint8Array;
  points: SignaturePoint[];
  /** SHA-256 (hex) of the PNG bytes, to store with the case. */
  sha256: string;
}

/** Renders strokes as dark ink on a transparent background; line width follows pressure. */
export function renderSignaturePng(points: SignaturePoint[], width: number, height: number, maxLineWidth = 4): Uint8Array {
  const png = new PNG({ width, height });
  const ink = [0x10, 0x1a, 0x40];
  const stamp = (cx: number, cy: number, r: number): void => {
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(width - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(height - 1, Math.ceil(cy + r));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const i = (y * width + x) * 4;
        png.data[i] = ink[0]!;
        png.data[i + 1] = ink[1]!;
        png.data[i + 2] = ink[2]!;
        png.data[i + 3] = 255;
      }
    }
  };
  for (let i = 0; i < points.length; i++) {
    const b = points[i]!;
    if (b.p <= 0) continue;
    const r = Math.max(0.6, (maxLineWidth / 2) * Math.min(1, 0.35 + b.p));
    const a = points[i - 1];
    if (!a || a.p <= 0) {
      stamp(b.x, b.y, r);
      continue;
    }
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y)));
    for (let s = 1; s <= steps; s++) stamp(a.x + ((b.x - a.x) * s) / steps, a.y + ((b.y - a.y) * s) / steps, r);
  }
  return Uint8Array.from(PNG.sync.write(png));
}

export function signatureResult(points: SignaturePoint[], width: number, height: number): SignatureResult {
  const png = renderSignaturePng(points, width, height);
  return { png, points, sha256: createHash('sha256').update(png).digest('hex') };
}
