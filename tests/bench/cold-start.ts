/**
 * Benchmark `cold-start`: from launching the web host process (`src-main/webhost/cli.ts`, renderer already built) to
 * the intake page rendered in Chromium and ready to take a card (the applicant panel's "read card" button enabled and
 * the item search shown), LAUNCHES times on an empty data folder and LAUNCHES times on one holding 100,000 cases.
 * A started terminal first shows the sign-in screen: the bench fills the teller's number and PIN and submits (the
 * core checks the PIN's scrypt hash, ≈0.1 s), so p50_ms includes the machine's part of signing in, not a person's
 * typing; p50_ms_sign_in_screen is spawn → the sign-in screen ready.
 *
 * The host is launched as shipped: bundled into one file the way build:electron bundles the core (esbuild), run by
 * plain node; p50_ms_tsx is the same launch through tsx (development), which spends most of it compiling TypeScript.
 * Chromium (/usr/bin/chromium, the flags of playwright.config.ts) is started once beforehand and each launch opens
 * a fresh browser context: the browser stands for the window Electron would already have, so the figure is the
 * terminal's own start-up (Node loading the core, migrations, the core's start, the first page's requests).
 * The 100k folder is filled through the real schema and the real case service (CaseService.prepare/commit in one
 * transaction), then marked as sent and acknowledged the way a drained outbox is, so the history is what a busy
 * counter has after some years, not a queue of 100,000 unsent cases.
 * Last line: {"bench":"cold-start","launches":10,"p50_ms":…,"p95_ms":…,"p50_ms_100k":…,"p95_ms_100k":…,"ratio_100k":…,"p50_ms_tsx":…}
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import config from '../../playwright.config';
import { createApplicantService, manualPersonalData } from '../../src-main/core/applicants/applicant-service';
import { indexCatalog, loadCatalog } from '../../src-main/core/catalog/load';
import { createVault, loadOrCreateKey } from '../../src-main/core/crypto/vault';
import { openDatabase } from '../../src-main/core/db/open';
import { benchCaseService, intakeInput } from './_cases';
import { idNumberOf, percentile } from './_stats';
import { bundleWebHost, launchWebHost, repoRoot as root, signInAtWindow, trainingConfig } from './_webhost';

const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 10);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 100_000);

interface Launch {
  /** spawn → the sign-in screen ready for the teller's number (the first screen of a started terminal). */
  signInScreen: number;
  /** spawn → signed in (user and PIN filled by the bench, the PIN checked by the core) → intake ready for a card. */
  intake: number;
}

/** One launch: spawn → URL printed → page loaded → sign-in screen → signed in → intake ready. Times from spawn. */
async function launch(browser: Browser, dataDir: string, configFile: string, bundle?: string): Promise<Launch> {
  const t0 = performance.now();
  const host = await launchWebHost(dataDir, configFile, bundle);
  try {
    const context = await browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(host.url);
      await page.getByTestId('sign-in-user').waitFor({ timeout: 60_000 });
      const signInScreen = performance.now() - t0;
      await signInAtWindow(page);
      await page.getByTestId('item-search').waitFor({ timeout: 60_000 });
      return { signInScreen, intake: performance.now() - t0 };
    } finally {
      await context.close();
    }
  } finally {
    await host.stop();
  }
}

/** Fills a data folder with `n` cases through the real schema and case service, then marks them acknowledged. */
function fillHistory(dataDir: string, n: number): void {
  const db = openDatabase(path.join(dataDir, 'onewindow.db'));
  const vault = createVault(loadOrCreateKey(dataDir));
  const catalog = loadCatalog();
  const index = indexCatalog(catalog);
  const items = catalog.items.slice(0, 40);
  const applicants = createApplicantService(db, vault);
  let day = Date.parse('2024-01-02T01:00:00Z');
  const cases = benchCaseService(db, vault, index, applicants, () => day);
  const signature = Buffer.alloc(7_500, 7).toString('base64');
  db.transaction(() => {
    const people: string[] = [];
    for (let p = 0; p < 1000; p++) {
      const idNumber = `110105194912${String(p % 28 + 1).padStart(2, '0')}`;
      people.push(applicants.upsert(manualPersonalData(idNumberOf(`${idNumber}${String(p).padStart(3, '0')}`), `申请人${p}`), false).applicantId);
    }
    for (let i = 0; i < n; i++) {
      day += 60_000; // one case a minute: 100,000 cases span a few months of counter time
      const item = items[i % items.length]!;
      cases.commit(cases.prepare(intakeInput(uuidv7(), people[i % people.length]!, item, signature)));
    }
    // A drained outbox: every revision sent and acknowledged, every case synced with its case number.
    const at = new Date(day).toISOString();
    db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, response_json = '{"caseNo":"X","status":"received"}' WHERE state = 'pending'`).run(at);
    db.prepare(`UPDATE cases SET sync_state = 'synced', case_no = 'H' || substr(id, 1, 8) WHERE sync_state = 'queued'`).run();
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** LAUNCHES launches after a warm-up: the times to the intake page and to the sign-in screen, each sorted. */
async function series(browser: Browser, dataDir: string, configFile: string, bundle?: string): Promise<{ intake: number[]; signIn: number[] }> {
  await launch(browser, dataDir, configFile, bundle); // warm-up: first migrations, OS file cache
  const runs: Launch[] = [];
  for (let i = 0; i < LAUNCHES; i++) runs.push(await launch(browser, dataDir, configFile, bundle));
  const sorted = (pick: (r: Launch) => number) => runs.map(pick).sort((a, b) => a - b);
  return { intake: sorted((r) => r.intake), signIn: sorted((r) => r.signInScreen) };
}

if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
  console.log('building the renderer once (npm run build:renderer)');
  if (spawnSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-cold-'));
const browser = await chromium.launch(config.use!.launchOptions);
try {
  const configFile = path.join(dir, 'terminal.json');
  writeFileSync(configFile, JSON.stringify(await trainingConfig()));
  console.log(`cold-start bench: ${LAUNCHES} launches of the web host to the intake page ready in Chromium, empty and with ${HISTORY} cases (load: ${os.loadavg()[0]!.toFixed(1)})`);
  // Inside the repository, so that the bundle finds the dependencies in node_modules.
  const bundle = await bundleWebHost(path.join(root, 'dist', 'bench', 'webhost.cjs'));
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  const { intake: emptyMs, signIn: emptySignInMs } = await series(browser, empty, configFile, bundle);
  console.log(`  empty, bundled host: intake p50 ${percentile(emptyMs, 50).toFixed(0)} ms, p95 ${percentile(emptyMs, 95).toFixed(0)} ms (${emptyMs.map((m) => m.toFixed(0)).join(' ')}); sign-in screen p50 ${percentile(emptySignInMs, 50).toFixed(0)} ms`);
  const tsxMs = (await series(browser, empty, configFile)).intake;
  console.log(`  empty, through tsx (development): p50 ${percentile(tsxMs, 50).toFixed(0)} ms (${tsxMs.map((m) => m.toFixed(0)).join(' ')})`);

  const full = path.join(dir, 'full');
  mkdirSync(full);
  await launch(browser, full, configFile); // creates the database (migrations) and the key
  const t = performance.now();
  fillHistory(full, HISTORY);
  console.log(`  filled ${HISTORY} cases through the case service in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const fullMs = (await series(browser, full, configFile, bundle)).intake;
  console.log(`  ${HISTORY} cases: p50 ${percentile(fullMs, 50).toFixed(0)} ms, p95 ${percentile(fullMs, 95).toFixed(0)} ms (${fullMs.map((m) => m.toFixed(0)).join(' ')})`);
  const p50 = percentile(emptyMs, 50);
  const p50k = percentile(fullMs, 50);
  console.log(
    JSON.stringify({
      bench: 'cold-start',
      launches: LAUNCHES,
      p50_ms: Math.round(p50),
      p95_ms: Math.round(percentile(emptyMs, 95)),
      p50_ms_sign_in_screen: Math.round(percentile(emptySignInMs, 50)),
      p50_ms_100k: Math.round(p50k),
      p95_ms_100k: Math.round(percentile(fullMs, 95)),
      ratio_100k: +(p50k / p50).toFixed(2),
      p50_ms_tsx: Math.round(percentile(tsxMs, 50)),
      load: +os.loadavg()[0]!.toFixed(1),
    }),
  );
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
