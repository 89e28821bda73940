import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseView } from '../../../src-main/contract';
import { loadCatalog } from '../../../src-main/core/catalog/load';
import { acceptContactChange, call, terminalFixture, until } from './support';

const shipped = loadCatalog();
const contactChange = shipped.items.find((i) => i.code === 'SI-04-01')!;

let catalogVersion = 1;
const fx = terminalFixture('onewindow-terminal-', () => ({
  catalog: () =>
    catalogVersion === 1
      ? { version: 1, items: [] }
      : { version: 2, items: [{ ...contactChange, name: '联系方式及居住地址变更', version: 2 }] },
}));
const { start } = fx;
beforeEach(() => {
  catalogVersion = 1;
});



const acceptCase = acceptContactChange;

describe('terminal core', () => {
  it('keeps running after calls outside the contract', async () => {
    const t = await start();
    expect(await t.core.dispatch('noSuchCall', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await t.core.dispatch('submitCase', { caseId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await t.core.dispatch('getSession', {})).toMatchObject({ ok: true });
  });

  it('applies a newer catalog from the endpoint, while a case keeps the item version it was accepted under', async () => {
    const t = await start();
    const caseId = await acceptCase(t);
    await until(() => call<CaseView>(t, 'getCase', { caseId }), (c) => c.syncState === 'synced');
    catalogVersion = 2;
    const item = await until(() => call<{ name: string; version: number }>(t, 'getItem', { code: 'SI-04-01' }), (i) => i.version === 2);
    expect(item.name).toBe('联系方式及居住地址变更');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(fx.dir, 'onewindow.db'), { readonly: true });
    expect(db.prepare('SELECT item_version FROM cases WHERE id = ?').get(caseId)).toEqual({ item_version: 1 });
    db.close();
  });

  it('survives a restart with a queued case and sends it exactly once when the line is back', async () => {
    await fx.sim.control.setDown('si', true);
    const first = await start();
    const caseId = await acceptCase(first);
    expect((await call<CaseView>(first, 'getCase', { caseId })).syncState).toBe('queued');
    await fx.close(first);

    await fx.sim.control.setDown('si', false);
    const second = await start();
    await until(() => call<CaseView>(second, 'getCase', { caseId }), (c) => c.syncState === 'synced');
    expect(fx.sim.control.receivedCount(`${caseId}:1`)).toBe(1);
    expect(fx.sim.control.cases().filter((c) => c.caseId === caseId)).toHaveLength(1);
  });

  it('changes the log level at run time, without a restart', async () => {
    const t = await start();
    expect(await call(t, 'setLogLevel', { level: 'warn' })).toEqual({ level: 'warn' });
    await call(t, 'log', { level: 'info', component: 'ui', msg: 'info line after raising the level' });
    await call(t, 'log', { level: 'error', component: 'ui', msg: 'error line after raising the level' });
    await fx.close(t);
    const logDir = path.join(fx.dir, 'logs');
    const text = readdirSync(logDir).filter((f) => f.endsWith('.log')).map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('\n');
    expect(text).toContain('error line after raising the level');
    expect(text).not.toContain('info line after raising the level');
  });

  it('writes no personal data to its logs', async () => {
    const t = await start();
    await acceptCase(t);
    await fx.close(t);
    const logDir = path.join(fx.dir, 'logs');
    const text = readdirSync(logDir).filter((f) => f.endsWith('.log')).map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('\n');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of ['11010519491231002X', '王芳', '13905771234']) expect(text).not.toContain(secret);
  });
});
