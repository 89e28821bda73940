/**
 * The built-in simulator keeps no personal data in clear: after cases went through it over real HTTP, neither its
 * SQLite file nor its WAL holds the applicant's name, ID number, phone or address, nor the form's free text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src-main/simulator';
import { maskValue } from '../../../src-main/simulator/mask';
import { caseBody, idNumber, putCase } from './helpers';

let dir: string;
let sim: Simulator;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ow-sim-privacy-'));
  sim = await startSimulator({ siPort: 0, taxPort: 0, dataFile: path.join(dir, 'simulator.db') });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('stores forms masked and never the applicant block', async () => {
  const id = idNumber('777');
  const form = { contactMobile: '13905771234', newAddress: '浙江省温州市龙湾区永中街道永强大道2588号', remark: '申请人诸葛明月到场', bankCard: '6228480402564890018', insurance: 'pension', period: '2026-11' };
  const body = caseBody({ idNumber: id, form });
  const res = await putCase(sim.si.url, body);
  expect(res.status).toBeLessThan(300);
  const stored = sim.control.getCase(body.caseId)!;
  expect(stored.form).toMatchObject({ contactMobile: '139****1234', insurance: 'pension', period: '2026-11' });
  expect(stored.form.newAddress).toBe(maskValue(form.newAddress));
  const bytes = ['simulator.db', 'simulator.db-wal']
    .map((f) => path.join(dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('utf8'))
    .join('\n');
  expect(bytes).toContain(body.caseId); // the case is there
  for (const secret of [id, '测试人', '18000001999', '13905771234', '永强大道', '诸葛明月', '6228480402564890018', '测试路1号']) {
    expect(bytes, secret).not.toContain(secret);
  }
});
