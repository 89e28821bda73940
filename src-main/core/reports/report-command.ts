/**
 * `npm run report -- …`: merging terminals' figures files without a server.
 *
 *   merge FILE… --out report.pdf|report.xlsx [--trust DIR] [--from YYYY-MM-DD --to YYYY-MM-DD]
 *     Checks every file (Ed25519 signature against the key pinned for its terminal), counts each (terminal, day)
 *     once, and writes the merged report. Refused files are named with the reason; exit code 1 when any was refused
 *     (the report of the others is still written), 2 when nothing could be used or the arguments are wrong.
 *   pin FILE… [--trust DIR]
 *     Pins the terminal key each file carries (branch IT, from a file it received from that terminal in person).
 *
 * DIR (pinned keys, `<terminalId>.pub`): --trust, else $ONEWINDOW_TRUST_DIR, else ./trusted-terminals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reportPeriodSchema } from '../../contract/reports';
import { loadCatalog } from '../catalog/load';
import { chinaDate, nowIso } from '../util/time';
import { loadTrustedKeys, mergeFiguresFiles, pinKey } from './figures-file';
import { reportPdf, reportXlsx } from './report-documents';
import { reportFigures } from './report-figures';
import { catalogNames } from './report-service';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = 'usage: npm run report -- merge FILE… --out report.pdf|report.xlsx [--trust DIR] [--from DATE --to DATE]\n       npm run report -- pin FILE… [--trust DIR]';

export async function runReportCommand(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, trust: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...files] = parsed.positionals;
  const trustDir = parsed.values.trust ?? env.ONEWINDOW_TRUST_DIR ?? path.resolve('trusted-terminals');
  if (files.length === 0 || (command !== 'merge' && command !== 'pin')) {
    io.err(USAGE);
    return 2;
  }
  if (command === 'pin') {
    for (const f of files) {
      try {
        const r = pinKey(trustDir, readFileSync(f));
        io.out(`${r.added ? 'pinned' : 'already pinned'}: ${r.terminalId} (${f})`);
      } catch (err) {
        io.err(`${f}: ${(err as Error).message}`);
        return 2;
      }
    }
    return 0;
  }
  const out = parsed.values.out;
  const format = out?.endsWith('.pdf') ? 'pdf' : out?.endsWith('.xlsx') ? 'xlsx' : null;
  if (!out || !format) {
    io.err(`--out must name a .pdf or .xlsx file\n${USAGE}`);
    return 2;
  }
  const inputs: { name: string; bytes: Buffer }[] = [];
  for (const f of files) {
    try {
      inputs.push({ name: path.basename(f), bytes: readFileSync(f) });
    } catch (err) {
      io.err(`${f}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      return 2;
    }
  }
  let merged;
  try {
    merged = mergeFiguresFiles(inputs, loadTrustedKeys(trustDir));
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  for (const r of merged.refused) io.err(`refused ${r.file}: ${r.reason}`);
  for (const a of merged.accepted) io.out(`counted ${a.file}: terminal ${a.terminalId}, ${a.days} days${a.duplicateDays ? `, ${a.duplicateDays} days already counted from another file` : ''}`);
  const period = parsed.values.from || parsed.values.to ? reportPeriodSchema.safeParse({ from: parsed.values.from, to: parsed.values.to }) : { success: true as const, data: merged.period };
  if (!period.success) {
    io.err(`--from/--to: ${period.error.issues.map((i) => i.message).join('; ')}`);
    return 2;
  }
  const catalog = loadCatalog();
  const figures = reportFigures({ period: period.data, asOf: chinaDate(Date.now()), training: merged.training, terminals: merged.terminals, names: catalogNames({ items: () => catalog.items, mainItems: () => catalog.mainItems }) });
  writeFileSync(out, format === 'pdf' ? await reportPdf(figures, { generatedAt: nowIso() }) : await reportXlsx(figures));
  io.out(`wrote ${out}: ${figures.totals.cases} cases from ${merged.terminals.length} terminals, ${figures.period.from}..${figures.period.to}`);
  return merged.refused.length > 0 ? 1 : 0;
}
