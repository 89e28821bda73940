/**
 * A case the private line refuses says why, on screen (issue 12): the simulator answers `400 malformed` with
 * `reasons` for a form value starting with `MALFORMED` (its deterministic trigger, see src-main/simulator/README.md).
 * The teller sees the reasons on the case just accepted and in 办件跟踪; support sees them in 运维支持's unsent queue
 * and in the signed unsent export.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createVault, loadOrCreateKey } from '../../src-main/core/crypto/vault';
import { openDatabase } from '../../src-main/core/db/open';
import { openSealedExport } from '../../src-main/core/sync/sealed-export';
import { exportSigningKey } from '../../src-main/core/sync/unsent-export';
import { RESIDENT_LONGWAN } from '../../native/idcard/sample-cards';
import { startHarness, type Harness } from './support/harness';
import { confirmIntake, startIntake } from './support/teller';

/** Support's key pair: the terminal encrypts its unsent export to the public half pinned in its configuration. */
const recipient = generateKeyPairSync('x25519');

let h: Harness;
test.beforeEach(async () => {
  h = await startHarness({ config: { exports: { recipientPublicKey: recipient.publicKey.export({ format: 'pem', type: 'spki' }).toString() } } });
});
test.afterEach(async () => {
  await h.stop();
});

const FIELD = 'form.toRegion';
const MESSAGE = '转入地须为行政区划全称';

test('a 400 malformed case shows its reasons to the teller and to support, and carries them in the signed export', async ({ page }) => {
  const t = await startIntake(h, page, RESIDENT_LONGWAN, 'SI-19-01', '失业保险关系转出');
  await t.fill(page.getByTestId('field-toRegion'), `MALFORMED:${MESSAGE}`);
  await t.choose(page.getByTestId('field-feedbackChannel'), '短信');
  await t.fill(page.getByTestId('field-contactMobile'), '13905771234');
  await t.press('F8');
  const caseId = await confirmIntake(t);

  // The case just accepted: held back as a defect, with the field and the server's message.
  await expect(page.getByTestId(`sync-${caseId}`).first()).toHaveAttribute('data-state', 'defect');
  const onCase = page.getByTestId(`refusal-reasons-${caseId}`);
  await expect(onCase).toBeVisible();
  await expect(onCase.locator(`li[data-field="${FIELD}"]`)).toContainText(MESSAGE);
  await expect(page.getByTestId(`refusal-${caseId}`)).toContainText('不符合接口规范');
  expect(h.sim.control.getCase(caseId)).toBeUndefined(); // a 400 applies nothing

  // 办件跟踪: the teller finds the case and sees why.
  await t.press('Escape');
  await t.click(page.getByTestId('tab-worklist'));
  await t.fill(page.getByTestId('case-search').locator('input'), RESIDENT_LONGWAN.name);
  await t.press('Enter');
  await expect(page.getByTestId(`refusal-reasons-${caseId}`).locator(`li[data-field="${FIELD}"]`)).toContainText(MESSAGE);

  // 运维支持: the unsent queue names the field, and the signed export carries the reasons.
  await t.click(page.getByTestId('tab-support'));
  const queue = page.getByTestId('support-queue');
  await expect(queue.getByTestId(`refusal-reasons-${caseId}:1`).locator(`li[data-field="${FIELD}"]`)).toContainText(MESSAGE);
  await expect(queue).toContainText('malformed');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-unsent').click();
  const file = await (await download).path();
  // The receiving side pins the terminal's signing key (read here from its database, as `npm run unsent -- terminal-key` does).
  const db = openDatabase(path.join(h.dataDir, 'onewindow.db'));
  const terminalPublicKey = createPublicKey(exportSigningKey(db, createVault(loadOrCreateKey(h.dataDir))));
  db.close();
  const exported = openSealedExport(JSON.parse(readFileSync(file, 'utf8')), { recipientPrivateKey: recipient.privateKey, terminalPublicKey });
  expect(exported.items).toEqual([expect.objectContaining({ caseId, state: 'defect', reasons: [{ field: FIELD, message: MESSAGE }] })]);
});
