import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { districtBankSchema } from '../../../src-main/contract/training';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { buildPracticeBank } from '../../../src-main/core/training/practice-bank';
import { expectedOutcome } from '../../../src-main/core/training/scenarios';

const doc = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/training.md'), 'utf8');

describe("docs/training.md's district bank example", () => {
  it('is a district bank the terminal accepts, its scenario expecting what the production rule decides', () => {
    const json = /```json\n(\{\n {2}"version"[\s\S]*?)```/.exec(doc)?.[1];
    expect(json).toBeDefined();
    const catalog = loadCatalog();
    const district = districtBankSchema.parse(JSON.parse(json!));
    const bank = buildPracticeBank(catalog, district);
    for (const s of district.scenarios) {
      expect(bank.scenario(s.id)).toEqual(s);
      const item = catalog.items.find((i) => i.code === s.itemCode)!;
      expect(Object.keys(s.form).sort()).toEqual(item.form.map((f) => f.key).sort());
      expect(expectedOutcome(item, s.materials)).toBe(s.expectedOutcome);
    }
    for (const q of district.questions) expect(bank.questions(q.itemCode)).toContainEqual(q);
  });
});
