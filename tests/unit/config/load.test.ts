import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, removeSecrets, saveConfig, type ConfigAuditEvent } from '../../../src-main/core/config/load';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(content?: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ow-config-'));
  dirs.push(d);
  const file = path.join(d, 'terminal.json');
  if (content !== undefined) writeFileSync(file, content);
  return file;
}

function refusal(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const good = {
  mode: 'production',
  terminalId: '3303-LW-0012-W03',
  branchCode: '3303-LW-0012',
  windowNo: 3,
  tellerId: 'T0042',
  endpoints: {
    si: { url: 'https://si.bureau.example:8443', clientCert: 'C:\\OneWindow\\certs\\si.crt', clientKey: 'C:\\OneWindow\\certs\\si.key', caCert: 'C:\\OneWindow\\certs\\ca.crt' },
    tax: { url: null },
  },
  devices: { idCard: { transport: 'serial', path: 'COM3' } },
  logging: { level: 'debug' },
};

describe('loadConfig', () => {
  it('loads a valid file and fills defaults (BOM tolerated)', () => {
    const config = loadConfig(tempFile('\uFEFF' + JSON.stringify(good)));
    expect(config.endpoints.si.url).toBe('https://si.bureau.example:8443');
    expect(config.endpoints.tax.timeoutMs).toBe(15_000);
    expect(config.devices.idCard).toEqual({ transport: 'serial', path: 'COM3', baudRate: 115200 });
    expect(config.logging).toEqual({ level: 'debug', retentionDays: 30 });
  });

  it('refuses a wrong field, naming it', () => {
    const broken = structuredClone(good);
    broken.endpoints.si.url = 'si.bureau.example';
    broken.windowNo = 0;
    const err = refusal(() => loadConfig(tempFile(JSON.stringify(broken))));
    expect(err.kind).toBe('invalid');
    expect(err.issues.map((i) => i.path).sort()).toEqual(['endpoints.si.url', 'windowNo']);
    expect(err.message).toMatch(/^configuration .*terminal\.json is refused:\n/);
    expect(err.message).toMatch(/\n {2}endpoints\.si\.url: /);
  });

  it('says a keyed problem to the screen by its key and to branch IT in English, with the pattern missed', () => {
    const err = refusal(() => loadConfig(tempFile(JSON.stringify({ ...good, terminalId: 'w03' }))));
    expect(err.issues).toEqual([expect.objectContaining({ path: 'terminalId', message: 'issue.config.terminalId' })]);
    expect(err.message).toContain('  terminalId: does not match /^[0-9A-Z-]{4,40}$/ (issue.config.terminalId)');
  });

  it('refuses misspelt or unknown fields, naming them', () => {
    const err = refusal(() => loadConfig(tempFile(JSON.stringify({ ...good, endpionts: {}, devices: { printer: { trasnport: 'tcp' } } }))));
    expect(err.issues.map((i) => i.path).sort()).toEqual(['devices.printer.trasnport', 'endpionts']);
    expect(err.issues[0]!.message).toBe('unknown field (misspelt?)');
  });

  it('refuses bad JSON with line and column, and tells a missing file apart', () => {
    const err = refusal(() => loadConfig(tempFile('{\n  "windowNo": 3,\n  "mode": production\n}')));
    expect(err.kind).toBe('syntax');
    expect(err.message).toMatch(/not valid JSON at line 3, column 11/);
    expect(refusal(() => loadConfig(tempFile('{"windowNo": 3,'))).message).toMatch(/not valid JSON at line 1, column 16/);
    const missing = refusal(() => loadConfig(path.join(os.tmpdir(), 'ow-no-such-dir', 'terminal.json')));
    expect(missing.kind).toBe('missing');
  });

  it('refuses a bad log level', () => {
    const err = refusal(() => loadConfig(tempFile(JSON.stringify({ logging: { level: 'verbose' } }))));
    expect(err.issues[0]!.path).toBe('logging.level');
  });
});

describe('saveConfig', () => {
  it('writes atomically, reloads identically, and audits the changed fields without secrets', () => {
    const file = tempFile();
    const events: ConfigAuditEvent[] = [];
    saveConfig(file, good, 'IT01', { audit: (e) => events.push(e) });
    expect(loadConfig(file)).toEqual(saveConfig(file, good, 'IT01'));
    const next = structuredClone(good);
    next.windowNo = 4;
    next.endpoints.si.clientKey = 'D:\\keys\\si-2027.key';
    saveConfig(file, next, 'IT02', { audit: (e) => events.push(e) });
    expect(loadConfig(file).windowNo).toBe(4);
    expect(readdirSync(path.dirname(file))).toEqual(['terminal.json']); // no temp file left behind
    const last = events.at(-1)!;
    expect(last).toMatchObject({ action: 'config.saved', actor: 'IT02', file });
    expect(last.changes).toEqual([{ path: 'windowNo', from: 3, to: 4 }]); // the key path changed, but is never shown
    expect(JSON.stringify(events)).not.toContain('si-2027.key');
    expect(events[0]!.changes.length).toBeGreaterThan(10); // first save: every field
  });

  it('refuses an invalid configuration and leaves the file as it was', () => {
    const file = tempFile();
    saveConfig(file, good, 'IT01');
    const before = readFileSync(file, 'utf8');
    const err = refusal(() => saveConfig(file, { ...good, tellerId: 'lower' }, 'IT01'));
    expect(err.issues[0]!.path).toBe('tellerId');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('removeSecrets', () => {
  it('removes key paths, tokens, passwords, PEM blocks and URL credentials, keeping the rest', () => {
    const cleaned = removeSecrets({
      endpoints: { si: { url: 'https://user:pw@si.example/api?token=abc&x=1', clientKey: '/k.pem', clientCert: '/c.pem' } },
      support: { uploadToken: 'tok-123', password: 'p', inline: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----' },
      windowNo: 3,
    });
    expect(cleaned).toEqual({
      endpoints: { si: { url: 'https://si.example/api?token=%5Bremoved%5D&x=1', clientKey: '[removed]', clientCert: '/c.pem' } },
      support: { uploadToken: '[removed]', password: '[removed]', inline: '[removed]' },
      windowNo: 3,
    });
  });
});
