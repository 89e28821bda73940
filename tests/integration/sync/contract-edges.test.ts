/** Contract details of the sync engine checked against scripted loopback servers (http and mutual-TLS https). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/logging/types';
import { createSyncEngine, verifyUnsentExport, type SyncEngine, type SyncEvent } from '../../../src-main/core/sync';
import { FAST_TUNING, openTerminal, outboxStates, terminalConfig, waitFor, type TestTerminal } from '../../fault/support/terminal';
import { makePki, pem, type TestPki } from './certs';
import { ack, health, routed, startRawServer, type RawServer, type Reply, type SeenRequest } from './raw-server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const cleanup: (() => Promise<void> | void)[] = [];
let events: SyncEvent[] = [];

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  events = [];
});

async function server(handler: (req: SeenRequest) => Reply | Promise<Reply>, tls?: Parameters<typeof startRawServer>[1]): Promise<RawServer> {
  const s = await startRawServer(handler, tls);
  cleanup.push(() => s.close());
  return s;
}

function terminal(urls: { si: string | null; tax: string | null }, config?: TestTerminal['config']): TestTerminal {
  const t = openTerminal({ urls, ...(config ? { config } : {}) });
  cleanup.push(() => t.close());
  return t;
}

function engine(t: TestTerminal, tuning: Record<string, number> = {}): SyncEngine {
  const e = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger: silentLogger, onEvent: (ev) => events.push(ev), tuning: { ...FAST_TUNING, ...tuning }, endpoints: ['si'] });
  cleanup.push(() => e.stop());
  e.start();
  return e;
}

const puts = (s: RawServer) => s.seen.filter((r) => r.method === 'PUT');
const SINGLE = { batchThreshold: 1_000 };

describe('requests follow the contract', () => {
  it('carries identity headers, a fresh request id, the idempotency key and a gzip body equal to the stored body', async () => {
    const s = await server(routed(() => ack()));
    const t = terminal({ si: s.url, tax: null });
    const id = t.addCase();
    engine(t);
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent');
    const put = puts(s)[0]!;
    expect(put.path).toBe(`/v1/cases/${id}`);
    expect(put.headers['x-terminal-id']).toBe('3303-LW-0012-W03');
    expect(put.headers['x-branch-code']).toBe('3303-LW-0012');
    expect(put.headers['x-request-id']).toMatch(UUID);
    expect(put.headers['idempotency-key']).toBe(`${id}:1`);
    expect(put.headers['content-encoding']).toBe('gzip');
    const row = t.db.prepare('SELECT body_enc FROM outbox WHERE case_id = ?').get(id) as { body_enc: Buffer };
    expect(put.body).toEqual(t.vault.open(row.body_enc));
    const ids = s.seen.map((r) => r.headers['x-request-id']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends a batch whose every case is the stored body, byte for byte as it was sealed, under its own key', async () => {
    const s = await server(
      routed((req) => {
        const items = (req.body as { items: { idempotencyKey: string }[] }).items;
        return { status: 200, json: { results: items.map((i, n) => ({ idempotencyKey: i.idempotencyKey, status: 201, body: { caseNo: `B-${n}`, status: 'received' } })) } };
      }),
    );
    const t = terminal({ si: s.url, tax: null });
    const ids = [t.addCase(), t.addCase(), t.addCase()];
    engine(t, { batchThreshold: 2 });
    await waitFor(() => outboxStates(t.db).sent === 3, 'sent');
    const batches = s.seen.filter((r) => r.path === '/v1/cases/batch');
    expect(batches).toHaveLength(1);
    const rows = t.db.prepare('SELECT case_id, idempotency_key, body_enc FROM outbox ORDER BY seq').all() as { case_id: string; idempotency_key: string; body_enc: Buffer }[];
    expect(rows.map((r) => r.case_id)).toEqual(ids);
    expect(batches[0]!.body).toEqual({ items: rows.map((r) => ({ idempotencyKey: r.idempotency_key, case: t.vault.open(r.body_enc) })) });
    // The sealed plaintext is the JSON text that goes out: it parses to the body and serialises back to itself.
    for (const r of rows) expect(JSON.stringify(t.vault.open(r.body_enc))).toBe(t.vault.openJson(r.body_enc).toString('utf8'));
  });

  it('treats broken answers (not JSON, wrong shape, wrong request-id echo) as transient and resends the same key', async () => {
    const script: Reply[] = [
      { status: 201, raw: '{"caseNo": "X' },
      { status: 201, json: { caseNo: 5, status: 'weird' } },
      { status: 201, json: { caseNo: 'RAW-1', status: 'received' }, headers: { 'x-request-id': '00000000-0000-4000-8000-000000000000' } },
      { status: 200, raw: '<html>proxy error</html>' },
    ];
    const s = await server(routed(() => script.shift() ?? ack()));
    const t = terminal({ si: s.url, tax: null });
    const id = t.addCase();
    engine(t, SINGLE);
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent after broken answers');
    expect(puts(s).length).toBe(5);
    expect(new Set(puts(s).map((p) => p.headers['idempotency-key']))).toEqual(new Set([`${id}:1`]));
  });

  it('waits at least Retry-After after a 429', async () => {
    let n = 0;
    const s = await server(routed(() => (n++ === 0 ? { status: 429, json: { error: 'throttled', message: 'slow down' }, headers: { 'retry-after': '1' } } : ack())));
    const t = terminal({ si: s.url, tax: null });
    t.addCase();
    engine(t, SINGLE);
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent');
    const [first, second] = puts(s);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
  });

  it('never sends rev 2 before rev 1 is acknowledged, and a failing case does not block another', async () => {
    let rev1Failures = 0;
    const order: string[] = [];
    const s = await server(
      routed((req) => {
        const key = String(req.headers['idempotency-key']);
        order.push(key);
        if (key.startsWith(stuck)) return { status: 500, json: { error: 'internal', message: 'boom' } };
        if (key === `${a}:1` && rev1Failures++ < 3) return { status: 503, json: { error: 'unavailable', message: 'later' } };
        return ack();
      }),
    );
    const t = terminal({ si: s.url, tax: null });
    const stuck = t.addCase();
    const a = t.addCase();
    t.addRevision(a);
    const b = t.addCase();
    engine(t, SINGLE);
    await waitFor(() => outboxStates(t.db).sent === 3, 'a:1, a:2 and b:1 sent');
    const okA1 = order.lastIndexOf(`${a}:1`);
    expect(order.indexOf(`${a}:2`)).toBeGreaterThan(okA1);
    expect(order.filter((k) => k === `${a}:1`)).toHaveLength(4);
    expect(order).toContain(`${b}:1`);
    expect(outboxStates(t.db).pending).toBe(1); // the stuck case keeps trying, alone
  });

  it('after the retry budget only probes health while the line is down, then resumes', async () => {
    let down = true;
    const s = await server((req) => (down ? 'reset' : routed(() => ack())(req)));
    const t = terminal({ si: s.url, tax: null });
    t.addCase();
    const e = engine(t, SINGLE);
    await waitFor(() => e.status().si.line === 'down' && s.seen.length >= 12, 'a dozen requests while down');
    expect(e.line('si')).toBe('down'); // the line alone, as a submit asks for it
    expect(e.line('tax')).toBe('down'); // not served by this engine
    const writesWhileDown = puts(s).length;
    expect(writesWhileDown).toBeLessThanOrEqual(FAST_TUNING.retryBudget);
    const later = s.seen.slice(-6);
    expect(later.every((r) => r.path === '/v1/health')).toBe(true);
    down = false;
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent after recovery');
    expect(e.status().si.lastError).toBeNull();
    expect(e.line('si')).toBe(e.status().si.line);
    expect(e.line('si')).not.toBe('down');
  });

  it('measures server clock skew and alerts support over two minutes', async () => {
    const s = await server(routed(() => ack(), () => health(new Date(Date.now() + 5 * 60_000).toISOString())));
    const t = terminal({ si: s.url, tax: null });
    const e = engine(t);
    await waitFor(() => e.status().si.skewMs !== null, 'skew measured');
    expect(e.status().si.skewMs!).toBeGreaterThan(4 * 60_000);
    expect(e.status().si.catalogVersion).toBe(7);
    expect(events.some((ev) => ev.type === 'support.alert' && ev.code === 'clock_skew')).toBe(true);
  });

  it('holds a 400 as a defect and resends it with the SAME key only on retryNow(caseId)', async () => {
    let fixed = false;
    const s = await server(routed(() => (fixed ? ack() : { status: 400, json: { error: 'malformed', message: 'bad field' } })));
    const t = terminal({ si: s.url, tax: null });
    const id = t.addCase();
    const e = engine(t, SINGLE);
    await waitFor(() => outboxStates(t.db).defect === 1, 'defect');
    expect(e.status().si).toMatchObject({ defects: 1, unsent: 1 });
    fixed = true;
    e.retryNow(id);
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent after retryNow');
    expect(puts(s).map((p) => p.headers['idempotency-key'])).toEqual([`${id}:1`, `${id}:1`]);
    expect((t.db.prepare('SELECT sync_state FROM cases WHERE id = ?').get(id) as { sync_state: string }).sync_state).toBe('synced');
  });
});

describe('transport security', () => {
  let dir: string;
  let pki: TestPki;
  let foreign: TestPki;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ow-pki-'));
    pki = makePki(dir, 'bureau');
    foreign = makePki(dir, 'other');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses plain http:// in production with a clear message and sends nothing', async () => {
    const s = await server(routed(() => ack()));
    // The configuration file's schema already refuses this; the engine refuses it again on its own (defence in depth).
    const t = terminal({ si: s.url, tax: null }, { ...terminalConfig({ si: s.url, tax: null }), mode: 'production' });
    t.addCase();
    const e = engine(t);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.seen).toHaveLength(0);
    expect(e.status().si.line).toBe('down');
    expect(e.status().si.lastError).toMatch(/plain http:\/\/ is refused in production/);
    expect(events.some((ev) => ev.type === 'support.alert' && ev.code === 'config')).toBe(true);
  });

  it('syncs over mutual TLS with the configured client certificate and the bureau CA only', async () => {
    const tls = { cert: pem(pki.serverCert), key: pem(pki.serverKey), ca: pem(pki.caCert) };
    const s = await server(routed(() => ack()), tls);
    const endpoint = { url: s.url, clientCert: pki.clientCert, clientKey: pki.clientKey, caCert: pki.caCert, timeoutMs: 2000 };
    const config = terminalConfig({ si: null, tax: null }, { mode: 'production', endpoints: { si: endpoint, tax: { url: null } } });
    const t = terminal({ si: s.url, tax: null }, config);
    t.addCase();
    engine(t);
    await waitFor(() => outboxStates(t.db).sent === 1, 'sent over mTLS');
    expect(puts(s)[0]!.clientCN).toBe('3303-LW-0012-W03');
  });

  it('does not trust a server certificate from another CA', async () => {
    const tls = { cert: pem(foreign.serverCert), key: pem(foreign.serverKey), ca: pem(pki.caCert) };
    const s = await server(routed(() => ack()), tls);
    const endpoint = { url: s.url, clientCert: pki.clientCert, clientKey: pki.clientKey, caCert: pki.caCert, timeoutMs: 2000 };
    const config = terminalConfig({ si: null, tax: null }, { mode: 'production', endpoints: { si: endpoint, tax: { url: null } } });
    const t = terminal({ si: s.url, tax: null }, config);
    t.addCase();
    const e = engine(t);
    await waitFor(() => /tls/.test(e.status().si.lastError ?? ''), 'tls failure reported');
    expect(s.seen).toHaveLength(0);
    expect(outboxStates(t.db).pending).toBe(1);
  });
});

describe('export of unsent cases', () => {
  it('exports unsent revisions as signed JSON that verifies, and fails verification when altered', async () => {
    const t = terminal({ si: 'http://127.0.0.1:9', tax: null });
    const ids = [t.addCase(), t.addCase(), t.addCase({ endpoint: 'tax' })];
    const e = createSyncEngine({ db: t.db, vault: t.vault, config: t.config, logger: silentLogger, onEvent: () => {} });
    const exp = JSON.parse(JSON.stringify(e.exportUnsent())) as ReturnType<SyncEngine['exportUnsent']>;
    expect(exp.payload.items.map((i) => i.caseId)).toEqual(ids);
    expect(exp.payload.items[0]!.body).toMatchObject({ caseId: ids[0], rev: 1 });
    expect(verifyUnsentExport(exp)).toBe(true);
    expect(verifyUnsentExport(exp, exp.signature.publicKey)).toBe(true);
    // The same terminal key signs every export.
    expect(e.exportUnsent().signature.publicKey).toBe(exp.signature.publicKey);
    const altered = structuredClone(exp);
    altered.payload.items[0]!.rev = 2;
    expect(verifyUnsentExport(altered)).toBe(false);
    expect(verifyUnsentExport(exp, e.exportUnsent().signature.publicKey.replace(/A/g, 'B'))).toBe(false);
  });
});
