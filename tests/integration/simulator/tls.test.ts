/** Mutual TLS: with `tls` set, the simulator serves HTTPS and admits only clients with a certificate from the CA. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { call, outcomeCode } from './helpers';

const dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-sim-tls-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA and a certificate signed by it (EC P-256, one day). */
function issue(name: string, subject: string, ca?: string, ext?: string): void {
  if (!ca) {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '1', '-subj', subject);
    return;
  }
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  const extArgs = ext ? (writeFileSync(file(`${name}.ext`), ext), ['-extfile', `${name}.ext`]) : [];
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', ...extArgs);
}

let sim: Simulator;
const pem = (name: string) => readFileSync(file(name), 'utf8');
beforeAll(async () => {
  issue('ca', '/CN=Bureau Test CA');
  issue('server', '/CN=127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\n');
  issue('client', '/CN=3303-LW-0012-W03', 'ca');
  issue('rogue-ca', '/CN=Rogue CA');
  issue('rogue', '/CN=intruder', 'rogue-ca');
  sim = await startSimulator({ tls: { cert: pem('server.crt'), key: pem('server.key'), ca: pem('ca.crt') } });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('serves HTTPS to a client with a certificate from the CA and refuses others', async () => {
  expect(sim.si.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const ca = pem('ca.crt');
  const ok = await call(sim.si.url, 'GET', '/v1/health', { tls: { ca, cert: pem('client.crt'), key: pem('client.key') } });
  expect(ok.status).toBe(200);
  // TLS 1.3 reports a missing or foreign client certificate as an alert or a reset after the handshake
  const refused = /^(ERR_SSL_|ECONNRESET|EPIPE)/;
  expect(await outcomeCode(call(sim.tax.url, 'GET', '/v1/health', { tls: { ca } }))).toMatch(refused);
  expect(await outcomeCode(call(sim.tax.url, 'GET', '/v1/health', { tls: { ca, cert: pem('rogue.crt'), key: pem('rogue.key') } }))).toMatch(refused);
});
