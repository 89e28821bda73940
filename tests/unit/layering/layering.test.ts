import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js'), ignore: false });

/** Lints a fixture's text as though it stood at `virtualPath` in the project. */
async function lintAs(fixture: string, virtualPath: string) {
  const code = readFileSync(path.join(root, 'tests/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(root, virtualPath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it('refuses a renderer import of the core', async () => {
    const messages = await lintAs('renderer-imports-core.ts', 'src-renderer/bad.ts');
    expect(messages.join('\n')).toMatch(/only src-main\/contract/);
  });

  it('allows a renderer import of the contract', async () => {
    expect(await lintAs('renderer-imports-contract.ts', 'src-renderer/ok.ts')).toEqual([]);
  });

  it('refuses electron outside src-main/electron/ and allows it inside', async () => {
    expect((await lintAs('core-imports-electron.ts', 'src-main/core/bad.ts')).join('\n')).toMatch(/Only src-main\/electron\//);
    expect((await lintAs('core-imports-electron.ts', 'native/printer/bad.ts')).join('\n')).toMatch(/Only src-main\/electron\//);
    expect(await lintAs('core-imports-electron.ts', 'src-main/electron/ok.ts')).toEqual([]);
  });

  it('refuses a native/ import of the core', async () => {
    const messages = await lintAs('native-imports-core.ts', 'native/idcard/bad.ts');
    expect(messages.join('\n')).toMatch(/native\/ knows nothing of the core/);
  });

  it('keeps the contract self-contained', async () => {
    const messages = await lintAs('native-imports-core.ts', 'src-main/contract/bad.ts');
    expect(messages.join('\n')).toMatch(/contract is self-contained/);
  });
});
