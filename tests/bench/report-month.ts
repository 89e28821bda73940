/**
 * Benchmark `report-month`: a terminal's report over a database of 1,000,000 cases spread over 24 months.
 *
 * Fill: one transaction of bulk inserts through the real schema (all migrations), in time order: the 119 items
 * weighted (a few items carry most of the work, as at the counter), 4 windows with their tellers, working days
 * 08:30–17:00 China time (the catalog's calendar), outcomes ≈92% accepted / 5% deferred / 3% refused with their
 * material codes, immediate items completed on the spot (a few offline), commitment items handed over in one errand
 * batch per line and day, decided (≈8% late against the promised working days, ≈4% rejected), results told; the
 * last weeks still open; ≈1% withdrawn. Applicants' sealed personal data and the outbox / audit rows are not filled:
 * the figures never read them (so db_mb is smaller than a real terminal's of the same size).
 *
 * Timed through the real report service: the month (last complete month) and the year (12 months before it), all
 * figure blocks. The first run of each fills the day cache (cold); p50 over the following runs (warm). Then one case
 * of the month is changed, and the month is timed again (one day recomputed).
 * Last line: {"cases":…,"month_p50_ms":…,"year_p50_ms":…,"db_mb":…,"month_cold_ms":…,"year_cold_ms":…,"month_after_change_ms":…,"fill_s":…}
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCatalogService } from '../../src-main/core/catalog/catalog-service';
import { openDatabase } from '../../src-main/core/db/open';
import { createReportService } from '../../src-main/core/reports/report-service';
import { seededRandom } from '../../src-main/simulator/faults';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const MONTHS = 24;

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;
// BENCH_DB=FILE keeps the filled database there and reuses it on the next run (for profiling the report alone).
const keep = process.env.BENCH_DB;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ow-bench-report-'));
try {
  const file = keep ?? path.join(dir, 'onewindow.db');
  const reuse = keep !== undefined && existsSync(keep);
  const db = openDatabase(file);
  const catalog = createCatalogService({ db });
  const items = catalog.items();
  const random = seededRandom(15); // the same database every run
  // Zipf-like weights: the item ranked r gets 1/(r+1).
  const weights = items.map((_, r) => 1 / (r + 1));
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
  const totalWeight = cumulative.at(-1)!;
  const pickItem = () => {
    const x = random() * totalWeight;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };

  // The 24 months before the current one, working days only.
  const now = new Date();
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const startMonth = new Date(end);
  startMonth.setUTCMonth(startMonth.getUTCMonth() - MONTHS);
  const days: string[] = [];
  for (let t = startMonth.getTime(); t < end; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d);
  }
  const perDay = Math.ceil(CASES / days.length);
  const promisedCache = new Map<string, string | null>();
  const promised = (item: (typeof items)[number], day: string) => {
    const k = `${JSON.stringify(item.guide.promisedLimit)}|${item.kind}|${day}`;
    if (!promisedCache.has(k)) promisedCache.set(k, catalog.promisedDate(item, day));
    return promisedCache.get(k)!;
  };
  const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const lastDay = days.at(-1)!;

  const fillStart = performance.now();
  const insertApplicant = db.prepare(
    "INSERT INTO applicants (id, id_hash, id_type, id_masked, name_masked, created_at, updated_at, personal_enc) VALUES (?, ?, 'resident', '330302********0000', '某*', ?, ?, x'00')",
  );
  const insertCase = db.prepare(
    `INSERT INTO cases (id, rev, item_code, item_version, kind, endpoint, applicant_id, status, sync_state, case_no, promised_date, training,
       teller_id, window_no, accepted_at, updated_at, deadline, accepted_offline, informed_at, handling_ms, outcome, reasons, decided_at)
     VALUES (?, 1, ?, 1, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertBatch = db.prepare(
    "INSERT INTO errand_batches (id, endpoint, date, teller_id, courier, state, batch_no, next_attempt_at, created_at, sent_at, received_at) VALUES (?, ?, ?, 'T0001', '专人送达', 'received', ?, ?, ?, ?, ?)",
  );
  const insertBatchCase = db.prepare('INSERT INTO errand_batch_cases (batch_id, case_id, paper_materials) VALUES (?, ?, 1)');
  const APPLICANTS = 20_000;
  let n = reuse ? db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM cases').get()!.n : 0;
  if (!reuse) db.transaction(() => {
    const at0 = new Date(startMonth).toISOString();
    for (let i = 0; i < APPLICANTS; i++) insertApplicant.run(`A${i}`, `h${i}`, at0, at0);
    for (const day of days) {
      const open = Date.parse(`${day}T08:30:00+08:00`);
      const batchCases: Record<'si' | 'tax', string[]> = { si: [], tax: [] };
      const age = (Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000;
      for (let k = 0; k < perDay && n < CASES; k++, n++) {
        const item = pickItem();
        const acceptedMs = open + Math.floor((k / perDay) * 8.5 * 3600_000);
        const at = new Date(acceptedMs).toISOString();
        const id = `${acceptedMs.toString(16).padStart(12, '0')}-${n.toString(16).padStart(8, '0')}`;
        const windowNo = 1 + Math.floor(random() * 4);
        const r = random();
        const outcome = r < 0.03 ? 'refused' : r < 0.08 ? 'deferred' : 'accepted';
        const materials = item.materials;
        const reasonCode = outcome === 'refused' ? materials[0]!.code : outcome === 'deferred' ? (materials.find((m) => m.deferrable) ?? materials[0]!).code : null;
        let status: string;
        let promisedDate: string | null = null;
        let decidedAt: string | null = null;
        let informedAt: string | null = null;
        let offline = 0;
        if (outcome === 'refused') status = 'notified';
        else if (random() < 0.01) status = 'withdrawn';
        else if (item.kind === 'immediate') {
          offline = random() < 0.02 ? 1 : 0;
          status = 'completed';
          if (offline) informedAt = new Date(acceptedMs + 86_400_000).toISOString();
        } else {
          promisedDate = promised(item, day);
          const late = random() < 0.08;
          const decideDay = promisedDate ? addDays(promisedDate, late ? 2 : -2) : addDays(day, 5);
          if (decideDay <= lastDay || age > 30) {
            status = random() < 0.04 ? 'rejected' : 'approved';
            decidedAt = new Date(Date.parse(`${decideDay}T02:00:00Z`)).toISOString();
            if (random() < 0.95) informedAt = new Date(Date.parse(`${decideDay}T06:00:00Z`)).toISOString();
          } else status = 'received';
          batchCases[item.endpoint].push(id);
        }
        insertCase.run(
          id,
          item.code,
          item.kind,
          item.endpoint,
          `A${Math.floor(random() * APPLICANTS)}`,
          status,
          outcome === 'refused' ? 'local' : 'synced',
          outcome === 'refused' ? null : `C${n}`,
          promisedDate,
          `T00${windowNo}${Math.floor(random() * 2)}`,
          windowNo,
          at,
          informedAt ?? decidedAt ?? at,
          outcome === 'deferred' ? addDays(day, 7) : null,
          offline,
          informedAt,
          Math.round(120_000 + random() * random() * 1_500_000),
          outcome,
          reasonCode,
          decidedAt,
        );
      }
      for (const endpoint of ['si', 'tax'] as const) {
        if (batchCases[endpoint].length === 0) continue;
        const bid = `B-${day}-${endpoint}`;
        const at = `${day}T09:00:00.000Z`;
        insertBatch.run(bid, endpoint, day, `NO-${bid}`, at, at, at, at);
        for (const c of batchCases[endpoint]) insertBatchCase.run(bid, c);
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fillS = (performance.now() - fillStart) / 1000;

  const key = generateKeyPairSync('ed25519').privateKey;
  const reports = createReportService({ db, terminal: { terminalId: '3303-LW-0012-W03', branchCode: '3303-LW-0012', training: false }, catalog, signingKey: () => key, trustDir: dir });
  const monthStart = new Date(end);
  monthStart.setUTCMonth(monthStart.getUTCMonth() - 1);
  const yearStart = new Date(end);
  yearStart.setUTCMonth(yearStart.getUTCMonth() - 12);
  const month = { from: monthStart.toISOString().slice(0, 10), to: addDays(new Date(end).toISOString().slice(0, 10), -1) };
  const year = { from: yearStart.toISOString().slice(0, 10), to: month.to };
  const time = (period: { from: string; to: string }) => {
    const t = performance.now();
    const f = reports.figures(period);
    const ms = performance.now() - t;
    if (f.totals.cases === 0) throw new Error('no cases in the period');
    return ms;
  };
  const monthCold = time(month);
  const yearCold = time(year);
  const monthRuns: number[] = [];
  const yearRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    monthRuns.push(time(month));
    yearRuns.push(time(year));
  }
  // A back-office decision on one case of the month: its day is recomputed, the rest comes from the cache.
  db.prepare("UPDATE cases SET status = 'approved', updated_at = ? WHERE id = (SELECT id FROM cases WHERE accepted_at >= ? AND status = 'received' LIMIT 1)").run(
    new Date().toISOString(),
    `${month.from}T00:00:00Z`,
  );
  const afterChange = time(month);
  if (reuse) db.prepare('DELETE FROM report_days').run();
  db.close();
  const dbMb = (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1e6;
  console.log(`  filled ${n} cases in ${fillS.toFixed(1)} s; month ${month.from}..${month.to}, year ${year.from}..${year.to}`);
  console.log(`  month: cold ${round(monthCold)} ms, warm p50 ${round(p50(monthRuns))} ms; year: cold ${round(yearCold)} ms, warm p50 ${round(p50(yearRuns))} ms`);
  console.log(
    JSON.stringify({
      cases: n,
      month_p50_ms: round(p50(monthRuns)),
      year_p50_ms: round(p50(yearRuns)),
      db_mb: Math.round(dbMb),
      month_cold_ms: round(monthCold),
      year_cold_ms: round(yearCold),
      month_after_change_ms: round(afterChange),
      fill_s: round(fillS),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
