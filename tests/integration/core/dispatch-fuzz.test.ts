/**
 * Fuzz of the core's dispatch: 100,000 calls with random names (unknown, prototype keys, contract names) and random
 * payloads (anything a structured clone can carry over Electron's MessagePort: BigInt, Map, Set, Date, typed arrays,
 * cyclic objects, null prototypes) against a real terminal core on a real SQLite file. Every call is answered with
 * a typed error, nothing throws, nothing is written, and the core still answers a real call afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callNames, calls, isCallName, type CallResult } from '../../../src-main/contract';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import type { Terminal } from '../../../src-main/terminal';
import { TERMINAL_TABLES, tableDigest } from '../../support/db-digest';
import { call, startTestTerminal } from './support';

const RUNS = 100_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

let dir: string;
let sim: Simulator;
let terminal: Terminal;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-dispatch-fuzz-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0 });
  terminal = await startTestTerminal(dir, sim);
});
afterAll(async () => {
  await terminal.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const cyclic = fc.record({ a: fc.integer(), level: fc.constantFrom('info', 'warn'), msg: fc.string() }).map((o) => {
  const x: Record<string, unknown> = { ...o };
  x.self = x;
  x.data = { loop: x };
  return x;
});

const payload = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withObjectString: true,
    withBoxedValues: true,
  }),
  cyclic,
  // Near misses of a real input: the right shape with hostile values.
  fc.record({ level: fc.constantFrom('info', 'error', 'fatal'), msg: fc.string(), data: fc.dictionary(fc.string(), fc.bigInt()) }),
  fc.record({ caseId: fc.oneof(fc.string(), fc.uuid(), fc.bigInt()), query: fc.string({ unit: 'binary', maxLength: 3000 }) }),
);

const callName = fc.oneof(
  fc.constantFrom(...callNames),
  fc.constant('log'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', ''),
  fc.string({ maxLength: 80 }),
  fc.anything({ maxDepth: 1 }),
);

/**
 * True when the payload is a valid input of a call that may write: the fuzz sends only invalid ones there, so no
 * such handler runs. The renderer's `log` call gets valid inputs too (it writes only to the log file).
 */
function validInput(n: unknown, input: unknown): boolean {
  if (typeof n !== 'string' || !isCallName(n) || n === 'log') return false;
  try {
    return calls[n].input.safeParse(input ?? {}).success;
  } catch {
    return false; // the schema itself throws on it (e.g. a refinement that serialises a BigInt): not valid
  }
}

it(`answers ${RUNS.toLocaleString('en')} random calls with typed errors, writes nothing and keeps running`, async () => {
  const file = path.join(dir, 'onewindow.db');
  const before = tableDigest(file, TERMINAL_TABLES);
  const codes = new Map<string, number>();
  let ran = 0;
  await fc.assert(
    fc.asyncProperty(callName, payload, async (n, input) => {
      fc.pre(!validInput(n, input));
      ran++;
      const result = (await terminal.core.dispatch(n, input)) as CallResult<unknown>;
      if (n === 'log' && result.ok) return;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(['unknown_call', 'invalid_input']).toContain(result.error.code);
      codes.set(result.error.code, (codes.get(result.error.code) ?? 0) + 1);
    }),
    { numRuns: RUNS, seed: SEED, maxSkipsPerRun: 1000 },
  );
  expect(ran).toBe(RUNS);
  expect(codes.get('unknown_call')).toBeGreaterThan(1000);
  expect(codes.get('invalid_input')).toBeGreaterThan(1000);
  expect(tableDigest(file, TERMINAL_TABLES)).toBe(before);
  // Still answers.
  expect(await call<{ terminalId: string }>(terminal, 'getSession', {})).toMatchObject({ terminalId: terminal.config.terminalId });
}, 180_000);
