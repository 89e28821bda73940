import { mkdtempSync, rmSync } from 'node:fs';
import { signInAs, testUsers } from '../../support/people';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicantView } from '../../../src-main/contract';
import { configSchema } from '../../../src-main/core/config/schema';
import { RESIDENT_LONGWAN } from '../../../native/idcard/sample-cards';
import type { PhotoDecoder } from '../../../native/idcard/types';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { call, until } from './support';

let terminal: Terminal | null = null;
let dir: string | null = null;
afterEach(async () => {
  await terminal?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  terminal = null;
  dir = null;
});

/** A terminal on the built-in simulator with the emulated reader (模拟放卡). */
async function start(photoDecoder?: PhotoDecoder): Promise<Terminal> {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-card-'));
  const config = configSchema.parse({ mode: 'training', users: await testUsers(), devices: { idCard: { transport: 'emulated' }, printer: { transport: 'serial' } } });
  terminal = await startTerminal({ config, dataDir: dir, host: 'web', ...(photoDecoder ? { photoDecoder } : {}) });
  await signInAs(terminal.core.dispatch);
  await call(terminal, 'placeEmulatedCard', { sample: 'residentLongwan' });
  return terminal;
}

const read = (t: Terminal) => until(() => call<ApplicantView | null>(t, 'readCard', {}), (v) => v !== null);

describe('applicant panel data from the card: 签发机关 and the photo', () => {
  it('shows the issuing authority, and no photo where no WLT decoder is installed', async () => {
    const view = (await read(await start()))!;
    expect(view.issuer).toBe(RESIDENT_LONGWAN.issuer);
    expect(view.photo).toBeUndefined();
  });

  it('shows the photo through an installed decoder, given the card’s WLT bytes', async () => {
    // Stand-in for a vendor WLT library (none can be installed here): it answers a fixed PNG for the card's 1024 bytes.
    const seen: number[] = [];
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = (await read(await start({ decode: async (wlt) => (seen.push(wlt.length), { mime: 'image/png', bytes: png }) })))!;
    expect(seen).toContain(RESIDENT_LONGWAN.photoWlt.length);
    expect(view.photo).toBe(`data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  });

  it('a decoder that fails loses the photo only', async () => {
    const view = (await read(await start({ decode: () => Promise.reject(new Error('vendor library missing')) })))!;
    expect(view.name).toBe(RESIDENT_LONGWAN.name);
    expect(view.photo).toBeUndefined();
  });
});
