import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { signInAs, testUsers } from '../../support/people';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIdCardEmulator, type IdCardEmulator } from '../../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import { createPtyPair, type PtyPair } from '../../../native/transports';
import type { CallResult, StatusSnapshot } from '../../../src-main/contract';
import { configSchema } from '../../../src-main/core/config/schema';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { IMPOSSIBLE_CARDS } from '../../support/impossible-cards';
import { FAST_SYNC, until } from './support';

/** The terminal core with its reader on a real socat pty: an impossible card never becomes an applicant. */
let dir: string;
let sim: Simulator;
let pty: PtyPair;
let emu: IdCardEmulator;
let terminal: Terminal;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-card-checks-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0 });
  pty = await createPtyPair();
  emu = await startIdCardEmulator({ path: pty.a, baudRate: 115200, paceToBaud: false });
  const config = configSchema.parse({
    mode: 'training',
    users: await testUsers(),
    endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
    devices: { idCard: { transport: 'serial', path: pty.b, baudRate: 115200 }, printer: { transport: 'serial' } },
  });
  terminal = await startTerminal({ config, dataDir: dir, host: 'web', syncTuning: FAST_SYNC });
  await signInAs(terminal.core.dispatch);
});

afterEach(async () => {
  await terminal.close();
  await emu.close().catch(() => undefined);
  await pty.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const rejectedReads = async (): Promise<number> => {
  const r = (await terminal.core.dispatch('getStatus', {})) as CallResult<StatusSnapshot>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value.devices.find((d) => d.kind === 'idCard')!.rejectedReads ?? 0;
};

describe('a card read with impossible content at the counter', () => {
  it('is refused with the teller message, counted in the reader status, logged without personal data, never filled in', async () => {
    const events: string[] = [];
    terminal.core.subscribe((event) => events.push(event));
    const bad = IMPOSSIBLE_CARDS.find((c) => c.fails === 'check_digit')!.card;
    emu.placeCard(bad);
    // the reader polls by itself: the placement is refused once
    await until(rejectedReads, (n) => n === 1);
    const r = (await terminal.core.dispatch('readCard', {})) as CallResult<unknown>;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.messageKey).toBe('error.cardInvalid');
      expect(r.error.message).not.toContain(bad.idNumber);
    }
    expect(await rejectedReads()).toBe(2);
    expect(events).not.toContain('cardRead');

    const logs = readdirSync(path.join(dir, 'logs')).map((f) => readFileSync(path.join(dir, 'logs', f), 'utf8')).join('\n');
    expect(logs).toContain('card read refused');
    expect(logs).toContain('check_digit');
    for (const v of [bad.idNumber, bad.idNumber.slice(0, 17), bad.name, bad.address!]) expect(logs).not.toContain(v);

    // a plausible card after it is read and becomes the applicant
    emu.removeCard();
    emu.placeCard(SAMPLE_CARDS.residentLongwan);
    const ok = (await terminal.core.dispatch('readCard', {})) as CallResult<{ applicantId: string }>;
    expect(ok.ok).toBe(true);
  });
});
