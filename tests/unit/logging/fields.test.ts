import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { guardFields, guardMessage, MESSAGE_DROPPED, NOT_ALLOWED } from '../../../src-main/core/logging/fields';
import { createLogger } from '../../../src-main/core/logging/logger';
import { useTempDir } from './temp-dir';

const tempDir = useTempDir();
const NAME = '诸葛明月';
const ADDRESS = '浙江省温州市龙湾区永中街道永强大道2588号';
const LATIN_ADDRESS = 'Flat 5, 12 Harbour Road, Wan Chai';

describe('log allow-list', () => {
  it('drops unknown fields (naming them), replaces values of the wrong kind and free-text messages', () => {
    expect(guardFields({ caseId: 'c-1', remark: ADDRESS, applicantName: NAME })).toEqual({ caseId: 'c-1', dropped: ['remark', 'applicantName'] });
    expect(guardFields({ code: NAME, detail: LATIN_ADDRESS.replace(/,/g, '') })).toEqual({ code: NOT_ALLOWED, detail: 'Flat 5 12 Harbour Road Wan Chai' });
    expect(guardFields({ code: `${ADDRESS}` })).toEqual({ code: NOT_ALLOWED });
    expect(guardFields({ issues: [['form', 'address'], 'x y'] })).toEqual({ issues: [['form', 'address'], NOT_ALLOWED] });
    expect(guardFields({ calendar: { year: 2027, note: NAME, nested: { deep: { deeper: ADDRESS } } } })).toEqual({ calendar: { year: 2027, note: NOT_ALLOWED, nested: { deep: NOT_ALLOWED } } });
    expect(guardMessage('case accepted')).toBe('case accepted');
    expect(guardMessage(`intake for ${NAME}`)).toBe(MESSAGE_DROPPED);
    expect(guardMessage('x'.repeat(201))).toBe(MESSAGE_DROPPED);
  });

  it('keeps a name and an address typed as free text out of the file, whatever field or message they are put in', () => {
    const log = createLogger({ dir: tempDir(), terminalId: 'T-0001', component: 'core' });
    const child = log.child({ component: 'cases', remark: ADDRESS });
    child.info({ caseId: 'c-1', remark: `${NAME} ${ADDRESS}`, detail: ADDRESS, status: NAME }, 'case accepted');
    child.warn({ err: new Error(`no match for ${NAME} at ${ADDRESS}`) }, `lookup for ${NAME}`);
    child.error(`free text ${ADDRESS}`);
    child.info({ err: `failed: ${NAME}` }, 'case accepted');
    log.close();
    const text = readFileSync(log.currentFile(), 'utf8');
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(ADDRESS);
    expect(text).not.toContain('永强大道');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ component: 'cases', caseId: 'c-1', msg: 'case accepted', status: NOT_ALLOWED, detail: NOT_ALLOWED });
    expect(lines[0]!.dropped).toEqual(expect.arrayContaining(['remark']));
    expect(lines[1]).toMatchObject({ msg: MESSAGE_DROPPED, err: { type: 'Error', message: NOT_ALLOWED } });
    expect(lines[2]).toMatchObject({ level: 'error', msg: MESSAGE_DROPPED });
    expect(lines[3]).toMatchObject({ msg: 'case accepted', err: NOT_ALLOWED });
  });
});

describe('constant log messages (ESLint onewindow/constant-log-message)', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js'), ignore: false });
  async function problems(code: string): Promise<number> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, 'src-main/core/lint-probe.ts') });
    return result!.messages.filter((m) => m.ruleId === 'onewindow/constant-log-message').length;
  }
  const prelude = "declare const log: import('./logging/types').Logger; declare const name: string;\n";

  it('refuses a template, a concatenation, a variable or extra arguments as the message', async () => {
    expect(await problems(prelude + 'log.info({}, `intake for ${name}`);')).toBe(1);
    expect(await problems(prelude + "log.warn({ caseId: '1' }, 'intake for ' + name);")).toBe(1);
    expect(await problems(prelude + 'log.error({}, name);')).toBe(1);
    expect(await problems(prelude + 'log.child({}).info(`x ${name}`);')).toBe(1);
    expect(await problems(prelude + "log.info('case %s', name);")).toBe(1);
    expect(await problems(prelude + 'this.log.info({}, String(name));'.replace('this.', 'log.child({}).'))).toBe(1);
  });

  it('allows a string literal with fields', async () => {
    expect(await problems(prelude + "log.info({ caseId: '1' }, 'case accepted'); log.warn('line down'); log.info({ caseId: '1' });")).toBe(0);
  });
});
