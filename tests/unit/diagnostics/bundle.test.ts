import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/core/db/open';
import { createDiagnosticsBundle } from '../../../src-main/core/diagnostics/bundle';
import { createLogger } from '../../../src-main/core/logging/logger';
import { registerSensitive } from '../../../src-main/core/logging/sensitive';
import { idNumber, luhnComplete } from '../logging/personal-data';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const NOW = Date.parse('2026-11-28T10:00:00+08:00');
const ID = idNumber('33030219880808441');
const NAME = '陈静怡';
const MOBILE = '13957712345';
const CARD = luhnComplete('622848001234567890');
const TOKEN = 'sk-live-9f8e7d6c5b4a';
const KEY_PATH = '/etc/onewindow/si-client-SECRET.key';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
const PERSONAL = [ID, NAME, MOBILE, CARD];
const SECRETS = [TOKEN, KEY_PATH, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'hunter2'];

/** A terminal's folders as the running app leaves them: logs (incl. an old unredacted one), crashes, a DB. */
function terminal() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ow-diag-'));
  dirs.push(root);
  const logDir = path.join(root, 'logs');
  const crashDir = path.join(logDir, 'crashes');
  let now = NOW - 5 * 86_400_000;
  const log = createLogger({ dir: logDir, terminalId: '3303-LW-0012-W03', component: 'core', clock: () => now });
  log.info('five days ago');
  now = NOW - 86_400_000;
  const release = registerSensitive(NAME);
  log.info({ applicant: { name: NAME, idNumber: ID, phone: MOBILE } }, `intake ${NAME} ${ID} card ${CARD}`);
  release();
  now = NOW;
  log.warn({ endpoint: 'si' }, 'line down');
  log.close();
  // A line written by an older version without redaction: the bundle must catch it.
  appendFileSync(path.join(logDir, 'onewindow-2026-11-28.log'), JSON.stringify({ level: 'info', time: '2026-11-28T09:00:00+08:00', msg: `legacy ${ID} ${MOBILE}` }) + '\n');
  mkdirSync(crashDir, { recursive: true });
  writeFileSync(path.join(crashDir, 'crash-2026-11-28T01-00-00-000Z-core-42.json'), JSON.stringify({ kind: 'uncaughtException', message: `bad ${ID}`, stack: `Error: bad ${ID}\n    at x (core.ts:1:1)` }));
  writeFileSync(path.join(crashDir, 'renderer-1234.dmp'), Buffer.from(`MDMP ${NAME} ${ID}`));
  const dataDbFile = path.join(root, 'data', 'onewindow.db');
  openDatabase(dataDbFile).close();
  return { root, logDir, crashDir, dataDbFile };
}

function unzip(file: string): Record<string, string> {
  const files = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

describe('createDiagnosticsBundle', () => {
  it('holds each part, and no secret or personal data', () => {
    const t = terminal();
    const out = path.join(t.root, 'out', 'diagnostics.zip');
    const result = createDiagnosticsBundle({
      logDir: t.logDir,
      dataDbFile: t.dataDbFile,
      crashDir: t.crashDir,
      out,
      now: NOW,
      config: {
        terminalId: '3303-LW-0012-W03',
        endpoints: { si: { url: 'https://ops:hunter2@si.example:8443/', clientKey: KEY_PATH, clientCert: '/etc/onewindow/si.crt' } },
        support: { uploadToken: TOKEN, keyPem: PEM },
      },
      versions: { app: '0.1.0', node: process.versions.node, electron: null },
      queueFigures: { si: { pending: 3, attention: 1 }, line: { si: 'down' } },
      devices: [{ kind: 'idCard', transport: 'serial', path: 'COM3', status: 'ready', lastHolder: { name: NAME } }],
    });
    expect(result.file).toBe(out);
    const files = unzip(out);
    expect(Object.keys(files).sort()).toEqual([
      'config.json',
      'crashes/crash-2026-11-28T01-00-00-000Z-core-42.json',
      'database.json',
      'devices.json',
      'logs/onewindow-2026-11-27.log',
      'logs/onewindow-2026-11-28.log',
      'manifest.json',
      'queue.json',
      'versions.json',
    ]);
    expect(result.entries.sort()).toEqual(Object.keys(files).sort());

    expect(JSON.parse(files['database.json']!)).toMatchObject({ file: 'onewindow.db', integrityCheck: ['ok'], journalMode: 'wal' });
    expect(JSON.parse(files['versions.json']!)).toMatchObject({ app: '0.1.0' });
    expect(JSON.parse(files['queue.json']!)).toEqual({ si: { pending: 3, attention: 1 }, line: { si: 'down' } });
    expect(JSON.parse(files['devices.json']!)[0]).toMatchObject({ kind: 'idCard', path: 'COM3', status: 'ready' });
    const config = JSON.parse(files['config.json']!);
    expect(config.endpoints.si).toEqual({ url: 'https://si.example:8443/', clientKey: '[removed]', clientCert: '/etc/onewindow/si.crt' });
    expect(files['logs/onewindow-2026-11-28.log']).toContain('line down');
    // The logger's allow-list replaced the free-text message and dropped the unknown field before the file.
    expect(files['logs/onewindow-2026-11-27.log']).toContain('"dropped":["applicant"]');
    const manifest = JSON.parse(files['manifest.json']!);
    expect(manifest.nativeCrashDumpsNotIncluded).toEqual([{ file: 'renderer-1234.dmp', bytes: expect.any(Number) }]);

    const everything = Object.values(files).join('\n');
    for (const value of [...PERSONAL, ...SECRETS]) expect(everything).not.toContain(value);
    expect(everything).not.toContain('five days ago'); // older than the 3 days asked for
  });

  it('reports a damaged database instead of failing, and respects the log size limit', () => {
    const t = terminal();
    writeFileSync(t.dataDbFile, Buffer.alloc(8192, 0x41));
    rmSync(t.dataDbFile + '-wal', { force: true });
    rmSync(t.dataDbFile + '-shm', { force: true });
    const out = path.join(t.root, 'diag.zip');
    createDiagnosticsBundle({ logDir: t.logDir, dataDbFile: t.dataDbFile, crashDir: null, out, now: NOW, config: {}, versions: {}, queueFigures: {}, devices: [], maxLogBytes: statSync(path.join(t.logDir, 'onewindow-2026-11-28.log')).size + 10 });
    const files = unzip(out);
    const db = JSON.parse(files['database.json']!);
    expect(db.integrityCheck).toBeNull();
    expect(db.error).toMatch(/SQLITE_NOTADB/);
    expect(Object.keys(files).filter((n) => n.startsWith('logs/'))).toEqual(['logs/onewindow-2026-11-28.log']);
    expect(JSON.parse(files['manifest.json']!).skipped[0]).toMatch(/onewindow-2026-11-27\.log .*over the size limit/);
  });
});
