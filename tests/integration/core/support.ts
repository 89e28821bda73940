import { v7 as uuidv7 } from 'uuid';
import type { CallResult } from '../../../src-main/contract';
import { configSchema } from '../../../src-main/core/config/schema';
import type { Simulator } from '../../../src-main/simulator';
import { startTerminal, type Terminal } from '../../../src-main/terminal';

/** Sync timings short enough for tests (production defaults are seconds to minutes). */
export const FAST_SYNC = { baseDelayMs: 50, capDelayMs: 300, retryBudget: 2, probeBaseMs: 100, probeCapMs: 300, healthIntervalMs: 200, pollIntervalMs: 200 };

/** A terminal core on `dir`, talking to the simulator, with no devices configured. */
export function startTestTerminal(dir: string, sim: Simulator): Promise<Terminal> {
  const config = configSchema.parse({
    mode: 'training',
    endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
    devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial' } },
  });
  return startTerminal({ config, dataDir: dir, host: 'web', syncTuning: FAST_SYNC });
}

/** One contract call through the core's dispatcher; a typed error is thrown with its code. */
export async function call<T>(t: Terminal, name: string, input: unknown): Promise<T> {
  const r = (await t.core.dispatch(name, input)) as CallResult<T>;
  if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value;
}

/** An immediate si item (SI-04-01, contact change) accepted at the counter for a manually entered applicant; its id. */
export async function acceptContactChange(t: Terminal): Promise<string> {
  const applicant = await call<{ applicantId: string }>(t, 'enterApplicant', { idNumber: '11010519491231002X', name: '王芳' });
  const caseId = uuidv7();
  await call(t, 'submitCase', {
    caseId,
    applicantId: applicant.applicantId,
    itemCode: 'SI-04-01',
    form: { newMobile: '13905771234' },
    materials: [{ code: 'M01', received: true, deferred: false, original: 1, copies: 0 }],
    feedback: { channel: 'sms', phone: '13905771234' },
  });
  return caseId;
}

/** Polls until `ok` holds (or fails after `ms`). */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
