/**
 * Child process of the crash test: the real terminal core (case service, transactional outbox, sync engine) on a
 * data folder, accepting cases through the contract's calls and syncing them, until the parent SIGKILLs it.
 * With --drain it accepts nothing, syncs until the outbox is empty, then exits 0.
 * The sync lease keeps its production TTL (30 s): a restarted child must take over the dead one's lease at once.
 * Usage: crash-child <dir> <siUrl> <taxUrl> [--drain]
 */
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { CallResult, CaseView, CatalogItem } from '../../src-main/contract';
import { configSchema } from '../../src-main/core/config/schema';
import { silentLogger } from '../../src-main/core/logging/types';
import { startTerminal } from '../../src-main/terminal';
import { validForm } from '../support/fill-form';
import { signInAs, testUsers } from '../support/people';

const [dir, si, tax, mode] = process.argv.slice(2);
if (!dir || !si || !tax) {
  console.error('usage: crash-child <dir> <siUrl> <taxUrl> [--drain]');
  process.exit(2);
}
const config = configSchema.parse({
  mode: 'training',
  users: await testUsers(),
  endpoints: { si: { url: si, timeoutMs: 1000 }, tax: { url: tax, timeoutMs: 1000 } },
  devices: { idCard: { transport: 'serial' }, printer: { transport: 'serial' } },
});
const terminal = await startTerminal({
  config,
  dataDir: dir,
  host: 'web',
  logger: silentLogger,
  syncTuning: { baseDelayMs: 20, capDelayMs: 200, retryBudget: 1000, probeBaseMs: 50, probeCapMs: 200, healthIntervalMs: 500, pollIntervalMs: 1000, requestTimeoutMs: 400 },
});
const dispatch = async <T>(name: string, input: unknown): Promise<T> => {
  const r = (await terminal.core.dispatch(name, input)) as CallResult<T>;
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
};
await signInAs(terminal.core.dispatch);
process.stdout.write('ready\n');

if (mode === '--drain') {
  const db = new Database(`${dir}/onewindow.db`, { readonly: true });
  const timer = setInterval(() => {
    const { n } = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number };
    if (n > 0) return;
    clearInterval(timer);
    db.close();
    void terminal.close().then(() => process.exit(0));
  }, 50);
} else {
  // SI-06-01 (si) takes an optional deferrable material: supplied later as rev 2. TAX-32-05 (tax) is accepted with
  // deferred (容缺) materials: brought later as rev 2. Cases are accepted every few ms until the parent kills us.
  const items = await Promise.all(['SI-06-01', 'TAX-32-05'].map((code) => dispatch<CatalogItem>('getItem', { code })));
  const applicant = await dispatch<{ applicantId: string }>('enterApplicant', { idNumber: '11010519491231002X', name: '测试人' });
  const open: { caseId: string; item: CatalogItem }[] = [];
  let n = 0;
  const tick = async () => {
    n++;
    const due = open.find(() => n % 3 === 0);
    if (due) {
      open.splice(open.indexOf(due), 1);
      const view = await dispatch<CaseView>('getCase', { caseId: due.caseId });
      if (view.rev === 1 && !['completed', 'rejected', 'withdrawn'].includes(view.status)) {
        await dispatch('supplementCase', {
          caseId: due.caseId,
          materials: due.item.materials.map((m) => ({ code: m.code, received: true, deferred: false, original: m.originals, copies: m.copies })),
        });
      }
      return;
    }
    const item = items[n % 2]!;
    const caseId = uuidv7();
    await dispatch('submitCase', {
      caseId,
      applicantId: applicant.applicantId,
      itemCode: item.code,
      form: validForm(item),
      materials: item.materials.map((m) => ({ code: m.code, received: !m.deferrable, deferred: m.deferrable, original: m.deferrable ? 0 : m.originals, copies: m.deferrable ? 0 : m.copies })),
      feedback: { channel: 'sms', phone: '13905771234' },
    });
    open.push({ caseId, item });
  };
  const loop = () => void tick().catch((err: unknown) => process.stderr.write(`crash-child: ${(err as Error).message}\n`)).finally(() => setTimeout(loop, 8));
  loop();
}
