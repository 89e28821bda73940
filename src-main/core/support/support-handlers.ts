import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StatusSnapshot } from '../../contract';
import type { TerminalConfig } from '../config/schema';
import type { Db } from '../db/open';
import { createDiagnosticsBundle } from '../diagnostics/bundle';
import type { Handlers } from '../dispatch';
import { LogFilterError, readLogs } from '../logging/reader';
import type { SyncEngine } from '../sync';
import { keptReasons } from '../sync/unsent-export';
import type { Logger, RootLogger } from '../logging/types';
import { CoreError, issueAt } from '../../contract';
import type { Vault } from '../crypto/vault';
import { createAuditWriter } from '../db/journal';
import { publicKeyFromPem, sealExport } from '../sync/sealed-export';
import { exportSigningKey } from '../sync/unsent-export';

type SupportHandlers = Pick<Handlers, 'syncQueue' | 'exportUnsent' | 'readLogs' | 'diagnosticsBundle' | 'setLogLevel'>;

/** What remote support and branch IT see on the terminal: the queue, the logs, a diagnostics bundle. */
export function createSupportHandlers(deps: {
  db: Db;
  vault: Vault;
  config: TerminalConfig;
  dataDir: string;
  version: string;
  sync: SyncEngine;
  status: () => StatusSnapshot;
  /** The root logger when it can change level at run time. */
  logger: Logger | RootLogger;
  /** The signed-in person (the audit actor). */
  actor: () => string;
  clock: () => number;
}): SupportHandlers {
  const { db, config, dataDir } = deps;
  const logDir = path.join(dataDir, 'logs');
  const audit = createAuditWriter(db);
  return {
    syncQueue: () => ({
      items: (
        db
          .prepare(
            `SELECT o.case_id AS caseId, o.rev, o.endpoint, c.item_code AS itemCode, o.state, o.attempts, o.last_error AS lastError, o.created_at AS createdAt
             FROM outbox o JOIN cases c ON c.id = o.case_id WHERE o.state != 'sent' ORDER BY o.seq LIMIT 1000`,
          )
          .all() as { lastError: string | null }[]
      ).map((row) => ({ ...row, reasons: keptReasons(row.lastError) })) as never,
    }),
    exportUnsent: () => {
      const pinned = config.exports.recipientPublicKey;
      if (!pinned) throw new CoreError('conflict', 'no recipient key pinned in the provisioned configuration (exports.recipientPublicKey)', 'error.noExportRecipient');
      const { payload } = deps.sync.exportUnsent();
      const sealed = sealExport(payload, publicKeyFromPem(pinned, 'x25519'), exportSigningKey(db, deps.vault));
      audit({
        at: new Date(deps.clock()).toISOString(),
        actor: deps.actor(),
        action: 'export.unsent',
        detail: { items: payload.items.length, cases: [...new Set(payload.items.map((i) => i.caseId))], recipientKeyId: sealed.recipientKeyId },
      });
      const stamp = payload.exportedAt.replace(/[:.]/g, '-');
      return { fileName: `unsent-${config.terminalId}-${stamp}.owx.json`, mime: 'application/json' as const, base64: Buffer.from(JSON.stringify(sealed, null, 2)).toString('base64') };
    },
    async readLogs({ since, level, component, caseId, limit }) {
      const entries = await readLogs(logDir, { since: since ?? '24h', level, component, caseId, limit }).catch((err: unknown) => {
        if (!(err instanceof LogFilterError)) throw err;
        const key = err.field === 'caseId' ? 'issue.logs.caseId' : err.field === 'since' ? 'issue.logs.since' : 'issue.invalid';
        throw new CoreError('invalid_input', err.message, 'error.invalidInput', [issueAt(err.field, key)]);
      });
      // The viewer reads from the top: the newest entry first (the reader keeps file order, as the CLI prints it).
      return entries.reverse().map((e) => {
        const { module: sub, ...rest } = e.fields as { module?: unknown };
        const detail = Object.keys(rest).length > 0 ? JSON.stringify(rest).slice(0, 400) : '';
        return { time: e.time, level: e.level, component: typeof sub === 'string' ? `${e.component}.${sub}` : e.component, caseId: e.caseId ?? null, msg: e.msg, detail };
      });
    },
    setLogLevel: ({ level }) => {
      const root = deps.logger as Partial<RootLogger>;
      if (typeof root.setLevel !== 'function') throw new CoreError('unavailable', 'this logger cannot change level', 'error.internal');
      root.setLevel(level);
      deps.logger.warn({ level }, 'log level changed at run time');
      return { level };
    },
    diagnosticsBundle: () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'onewindow-diag-'));
      try {
        const status = deps.status();
        const out = path.join(dir, 'diagnostics.zip');
        createDiagnosticsBundle({
          logDir,
          dataDbFile: path.join(dataDir, 'onewindow.db'),
          config,
          versions: { app: deps.version, node: process.versions.node, electron: process.versions.electron ?? null, sqlite: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v },
          queueFigures: status.lines,
          devices: status.devices,
          crashDir: path.join(logDir, 'crashes'),
          out,
        });
        return { fileName: `diagnostics-${config.terminalId}.zip`, mime: 'application/zip' as const, base64: readFileSync(out).toString('base64') };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
