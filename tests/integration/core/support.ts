import { v7 as uuidv7 } from 'uuid';
import type { CallResult, CaseView, CatalogItem } from '../../../src-main/contract';
import { validForm } from '../../support/fill-form';
import { configSchema } from '../../../src-main/core/config/schema';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { StartOptions as SimulatorOptions } from '../../../src-main/simulator/types';
import { startTerminal, type Terminal } from '../../../src-main/terminal';
import { signInAs, testUsers } from '../../support/people';

/** Sync timings short enough for tests (production defaults are seconds to minutes). */
export const FAST_SYNC = { baseDelayMs: 50, capDelayMs: 300, retryBudget: 2, probeBaseMs: 100, probeCapMs: 300, healthIntervalMs: 200, pollIntervalMs: 200 };

/** A terminal core on `dir`, talking to the simulator, with no devices configured, and test people provisioned. */
export async function startTestTerminal(dir: string, sim: Simulator, opts: { signIn?: string | null; config?: Record<string, unknown>; clock?: () => number } = {}): Promise<Terminal> {
  const config = configSchema.parse({
    ...opts.config,
    mode: 'training',
    users: await testUsers(),
    endpoints: { si: { url: sim.si.url }, tax: { url: sim.tax.url } },
    devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial' } },
  });
  const t = await startTerminal({ config, dataDir: dir, host: 'web', syncTuning: FAST_SYNC, clock: opts.clock });
  // Signed in as the all-duties test person unless told otherwise (null: nobody).
  const who = opts.signIn === undefined ? 'T0042' : opts.signIn;
  if (who) await signInAs(t.core.dispatch, who);
  return t;
}

/** One contract call through the core's dispatcher; a typed error is thrown with its code. */
export async function call<T>(t: Terminal, name: string, input: unknown): Promise<T> {
  const r = (await t.core.dispatch(name, input)) as CallResult<T>;
  if (!r.ok) throw Object.assign(new Error(`${name}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value;
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

/**
 * Accepts a case of `code` for an applicant entered by hand, every material received except those listed missing or
 * deferred, and waits until it is synced (a refused intake stays local and is answered at once).
 */
export async function acceptCase(
  t: Terminal,
  code: string,
  opts: { missing?: string[]; deferred?: string[]; applicant?: { idNumber: string; name: string } } = {},
): Promise<CaseView> {
  const item = await call<CatalogItem>(t, 'getItem', { code });
  const applicant = await call<{ applicantId: string }>(t, 'enterApplicant', opts.applicant ?? { idNumber: '11010519491231002X', name: '王芳' });
  const caseId = uuidv7();
  const view = await call<CaseView>(t, 'submitCase', {
    caseId,
    applicantId: applicant.applicantId,
    itemCode: code,
    form: validForm(item),
    materials: item.materials.map((m) => {
      const deferred = opts.deferred?.includes(m.code) ?? false;
      const received = !deferred && !(opts.missing?.includes(m.code) ?? false);
      return { code: m.code, received, deferred, original: received ? m.originals : 0, copies: received ? m.copies : 0 };
    }),
    feedback: { channel: 'sms', phone: '13905771234' },
  });
  if (view.syncState === 'local') return view;
  return until(() => call<CaseView>(t, 'getCase', { caseId }), (c) => c.syncState === 'synced');
}

/** A contact-details change (SI-04-01, immediate) accepted for the given citizen; returns the case id. */
export async function acceptContactChange(t: Terminal, idNumber = '11010519491231002X', name = '王芳', extra: Record<string, unknown> = {}): Promise<string> {
  const applicant = await call<{ applicantId: string }>(t, 'enterApplicant', { idNumber, name });
  const caseId = uuidv7();
  await call(t, 'submitCase', {
    caseId,
    applicantId: applicant.applicantId,
    itemCode: 'SI-04-01',
    form: { newMobile: '13905771234' },
    materials: [{ code: 'M01', received: true, deferred: false, original: 1, copies: 0 }],
    feedback: { channel: 'sms', phone: '13905771234' },
    ...extra,
  });
  return caseId;
}

/**
 * Per test: a fresh data folder and a simulator of both lines (`simulator()`: its options, read at each test's start);
 * the terminals a test starts (`ctx.start`, `ctx.adopt`, or `ctx.t`) are closed after. Extra folders named in
 * `ctx.scratch` are removed too.
 */
export function terminalFixture(prefix: string, simulator: () => Omit<SimulatorOptions, 'siPort' | 'taxPort'> = () => ({})) {
  const started: Terminal[] = [];
  const ctx = {
    dir: '',
    sim: null as unknown as Simulator,
    t: null as Terminal | null,
    scratch: [] as string[],
    /** A terminal on the fixture's folder and simulator (startTestTerminal), closed after the test. */
    async start(opts?: Parameters<typeof startTestTerminal>[2]): Promise<Terminal> {
      return ctx.adopt(await startTestTerminal(ctx.dir, ctx.sim, opts));
    },
    /** A terminal the test started itself, closed after the test. */
    adopt(t: Terminal): Terminal {
      started.push(t);
      return t;
    },
    /** Closes a terminal now (a restart within the test); it is not closed again after the test. */
    async close(t: Terminal): Promise<void> {
      started.splice(started.indexOf(t), 1);
      await t.close();
    },
  };
  beforeEach(async () => {
    ctx.dir = mkdtempSync(path.join(tmpdir(), prefix));
    ctx.sim = await startSimulator({ siPort: 0, taxPort: 0, ...simulator() });
  });
  afterEach(async () => {
    await ctx.t?.close();
    ctx.t = null;
    for (const t of started.splice(0)) await t.close();
    await ctx.sim.close();
    for (const d of [ctx.dir, ...ctx.scratch]) rmSync(d, { recursive: true, force: true });
    ctx.scratch = [];
  });
  return ctx;
}
