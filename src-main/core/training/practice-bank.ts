import { readFileSync, statSync } from 'node:fs';
import type { Catalog } from '../../contract';
import { districtBankSchema, type DistrictBank, type Question, type Scenario } from '../../contract/training';
import { generateQuestions } from './questions';
import { generateScenarios } from './scenarios';

export class PracticeBankError extends Error {
  override name = 'PracticeBankError';
}

/** The practice bank (测试库): scenarios and questions per item, generated from the catalog plus the district's own. */
export interface PracticeBank {
  /** `<catalog version>.<district bank version>`: changes whenever either does. */
  version: string;
  scenarios(itemCode: string): Scenario[];
  scenario(id: string): Scenario | undefined;
  questions(itemCode: string): Question[];
  /** Item codes with at least one scenario, in catalog order. */
  itemCodes(): string[];
}

/**
 * Builds the bank for a catalog. The district's file (optional) adds scenarios and questions; it is refused whole, by
 * name of the offending entry, when it names an item the catalog does not have, repeats an id, or breaks the schema.
 */
export function buildPracticeBank(catalog: Catalog, district: DistrictBank | null = null, districtSource = 'district bank'): PracticeBank {
  const items = new Map(catalog.items.map((i) => [i.code, i]));
  const scenarios = new Map<string, Scenario[]>();
  const questions = new Map<string, Question[]>();
  const ids = new Set<string>();
  const add = <T extends { id: string; itemCode: string }>(into: Map<string, T[]>, entry: T, source: string) => {
    if (!items.has(entry.itemCode)) throw new PracticeBankError(`${source}: ${entry.id} names item ${entry.itemCode}, which the catalog does not have`);
    if (ids.has(entry.id)) throw new PracticeBankError(`${source}: ${entry.id} appears twice`);
    ids.add(entry.id);
    into.set(entry.itemCode, [...(into.get(entry.itemCode) ?? []), entry]);
  };
  for (const item of catalog.items) {
    for (const s of generateScenarios(item)) add(scenarios, s, 'catalog');
    for (const q of generateQuestions(item, catalog)) add(questions, q, 'catalog');
  }
  for (const s of district?.scenarios ?? []) add(scenarios, s, districtSource);
  for (const q of district?.questions ?? []) add(questions, q, districtSource);
  const byId = new Map([...scenarios.values()].flat().map((s) => [s.id, s]));
  return {
    version: `${catalog.version}.${district?.version ?? 0}`,
    scenarios: (code) => scenarios.get(code) ?? [],
    scenario: (id) => byId.get(id),
    questions: (code) => questions.get(code) ?? [],
    itemCodes: () => catalog.items.map((i) => i.code).filter((c) => scenarios.has(c)),
  };
}

/** Reads and validates the district's bank file; a broken file is refused with the path of what is wrong. */
export function readDistrictBank(file: string): DistrictBank {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PracticeBankError(`district bank ${file}: not readable JSON (${(err as Error).message})`);
  }
  const parsed = districtBankSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new PracticeBankError(`district bank ${file}: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}

/**
 * The district bank a terminal starts with (config `training.districtBankFile`): read, validated and checked against
 * the catalog now, so that a broken file stops the start with its name and the offending entry.
 */
export function checkedDistrictBank(file: string, catalog: Catalog): DistrictBank {
  const district = readDistrictBank(file);
  buildPracticeBank(catalog, district, `district bank ${file}`);
  return district;
}

/** The district bank as it is now: re-read when its file changes, so a new bank needs no restart. */
export interface DistrictBankSource {
  current(): DistrictBank | null;
}

/**
 * The district bank a running terminal uses: checked at start (a broken file stops the start, as before), then read
 * again whenever the file's size or time changes (looked at when practice asks for the bank, not polled). A new file
 * that is broken or names items the catalog does not have is not taken: the terminal keeps the bank it had and says
 * why in one warning per change of the file.
 */
export function createDistrictBankSource(file: string, catalog: () => Catalog, onRefused: (reason: string) => void, onTaken: (version: number) => void): DistrictBankSource {
  const stamp = () => {
    try {
      const s = statSync(file);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  };
  let seen = stamp();
  let bank = checkedDistrictBank(file, catalog());
  return {
    current() {
      const now = stamp();
      if (now === seen) return bank;
      seen = now;
      try {
        bank = checkedDistrictBank(file, catalog());
        onTaken(bank.version);
      } catch (err) {
        onRefused((err as Error).message);
      }
      return bank;
    },
  };
}
