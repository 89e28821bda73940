/**
 * `npm run audit:verify -- [--data-dir DIR]`: checks the audit trail's hash chain of a terminal's database and names
 * the first broken row. Read-only; exit 0 when the chain holds, 1 when it is broken, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { appRoot } from '../util/paths';
import { verifyAuditChain, type AuditRow } from './audit-chain';

export function verifyAuditFile(dbFile: string) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq, at, actor, action, case_id, detail_json, prev_hash, hash FROM audit ORDER BY seq').iterate() as Iterable<AuditRow>;
    return verifyAuditChain(rows);
  } finally {
    db.close();
  }
}

function main(argv: string[]): number {
  let dataDir: string;
  try {
    const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string', default: path.join(appRoot(), '.data') } }, strict: true });
    dataDir = path.resolve(values['data-dir']!);
  } catch (err) {
    console.error(`usage: audit:verify [--data-dir DIR]\n${(err as Error).message}`);
    return 2;
  }
  const file = path.join(dataDir, 'onewindow.db');
  if (!existsSync(file)) {
    console.error(`no terminal database at ${file}`);
    return 2;
  }
  const report = verifyAuditFile(file);
  if (report.ok) {
    console.log(`audit chain intact: ${report.rows} rows, ${report.chained} chained${report.unchainedBefore ? ` (${report.unchainedBefore} older rows from before the chain)` : ''}`);
    return 0;
  }
  console.log(`audit chain BROKEN at row seq=${report.brokenAt}: ${report.reason}`);
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) process.exitCode = main(process.argv.slice(2));
