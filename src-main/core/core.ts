import path from 'node:path';
import { CoreError, type CaseView, type StatusSnapshot } from '../contract';
import { SamError } from '../../native/idcard';
import { createApplicantService, manualPersonalData, personalFromCard } from './applicants/applicant-service';
import { createCaseService, type ItemSource } from './cases/case-service';
import { createCatalogService } from './catalog/catalog-service';
import { createCatalogHandlers } from './catalog-handlers';
import { createCatalogUpdater } from './catalog-updates';
import type { TerminalConfig } from './config/schema';
import { createVault } from './crypto/vault';
import { openDatabase } from './db/open';
import { createAuditWriter } from './db/journal';
import { createDeviceManager } from './devices/device-manager';
import { createDeviceHandlers } from './devices/device-handlers';
import { createSupportHandlers } from './support/support-handlers';
import { createSettingsHandlers } from './config/settings-handlers';
import { monthlyFigures } from './reports/monthly-figures';
import { createDispatcher, type Dispatch } from './dispatch';
import { createEventBus } from './events';
import { createRendererLogSink } from './logging/renderer';
import { registerSensitive } from './logging/sensitive';
import type { Logger } from './logging/types';
import { createReceiptService } from './printing/receipt-service';
import { createDocumentService } from './printing/document-service';
import { createCaseWorkflow } from './cases/case-workflow';
import { createDrafts } from './cases/drafts';
import { createErrandService } from './errands/errand-service';
import { promisedDate, loadCalendar } from './catalog/calendar';
import { createSyncEngine, type SyncTuning } from './sync';

export interface CoreOptions {
  config: TerminalConfig;
  dataDir: string;
  /** 32-byte master key for personal data at rest. */
  dataKey: Buffer;
  logger: Logger;
  host: 'electron' | 'web';
  version: string;
  clock?: () => number;
  syncTuning?: Partial<SyncTuning>;
  /** The configuration file, so device settings saved on the settings screen persist. */
  configFile?: string;
}

export interface Core {
  dispatch: Dispatch;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /** No intake in progress at this window (no draft): a moment when an update may be installed. */
  isIdle(): boolean;
  /** Emulated devices only (development, training, tests). */
  emulators: { placeCard(sample: string): void; removeCard(): void } | null;
  close(): Promise<void>;
}

/**
 * The core: everything with state or hardware, in plain Node. It runs the same under Electron (utilityProcess),
 * in the web host and in tests. Every call from the renderer goes through `dispatch`, validated by the contract.
 */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const { config, logger } = opts;
  const clock = opts.clock ?? Date.now;
  const log = logger.child({ component: 'core' });
  const bus = createEventBus(log);
  const db = openDatabase(path.join(opts.dataDir, 'onewindow.db'));
  const vault = createVault(opts.dataKey);

  const catalog = createCatalogService({ db, clock });
  const calendar = loadCalendar();
  const items: ItemSource = {
    getItem: (code) => catalog.getItem(code),
    version: () => catalog.version(),
    promisedDate: (item, date) => catalog.promisedDate(item, date),
    workingDaysAfter: (date, n) => promisedDate(date, { value: n, unit: 'working_day' }, calendar).date,
  };
  const applicants = createApplicantService(db, vault, clock);
  const cases = createCaseService({ db, vault, config, items, applicants, clock });

  // Names of recent applicants are redacted from logs by value; the oldest are released so the set stays bounded.
  const namesInUse: (() => void)[] = [];
  function protectName(name: string): void {
    namesInUse.push(registerSensitive(name));
    if (namesInUse.length > 200) namesInUse.shift()!();
  }

  let statusTimer: NodeJS.Timeout | null = null;
  function statusSoon(): void {
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      bus.emit('statusChanged', status());
    }, 100);
  }
  /** Tells every window about a case's new state. */
  function announce(view: CaseView): CaseView {
    bus.emit('caseUpdated', view);
    statusSoon();
    return view;
  }
  function caseChanged(caseId: string): void {
    const view = cases.view(caseId);
    if (view) announce(view);
    else statusSoon();
  }

  const devices = createDeviceManager({
    config: config.devices,
    logger,
    onCard: (card) => {
      protectName(card.name);
      bus.emit('cardRead', applicants.upsert(personalFromCard(card), true));
    },
    onStatus: statusSoon,
  });
  const printer = devices; // print(jobId, bytes) and paperWidth(), whichever printer is configured now
  const audit = createAuditWriter(db);
  const receipts = createReceiptService({ db, vault, config, cases, items, printer });
  const workflow = createCaseWorkflow({ db, vault, config, items, cases, clock });
  const drafts = createDrafts(db, vault, config.windowNo, clock);
  const catalogUpdater = createCatalogUpdater({ catalog, config, logger, onApplied: statusSoon });
  const errands = createErrandService({ db, config, cases, logger, clock, onChange: statusSoon });
  const documents = createDocumentService({ db, config, cases, items, receipts, errands, printer, clock });
  /** A case changed by a call: a new revision may wait in the outbox, so the sender is woken too. */
  const changed = (view: CaseView): CaseView => {
    sync.kick();
    return announce(view);
  };

  const sync = createSyncEngine({
    db,
    vault,
    config,
    logger,
    clock,
    tuning: opts.syncTuning,
    onEvent: (e) => {
      if ('caseId' in e) {
        log.info({ caseId: e.caseId, event: e.type, ...('status' in e ? { status: e.status } : {}) }, 'case sync event');
        caseChanged(e.caseId);
      }
      if (e.type === 'case.status') errands.refreshReceipts();
      if (e.type === 'catalog.version') catalogUpdater.reported(e.endpoint, e.version);
      else statusSoon();
      if (e.type === 'support.alert') log.error({ endpoint: e.endpoint, code: e.code }, 'support alert: endpoint refused this terminal');
    },
  });

  function status(): StatusSnapshot {
    const lines = sync.status();
    return {
      lines: {
        si: { line: lines.si.line, unsent: lines.si.unsent, oldestUnsentAgeMs: lines.si.oldestUnsentAgeMs, skewMs: lines.si.skewMs, lastError: lines.si.lastError, attention: lines.si.attention },
        tax: { line: lines.tax.line, unsent: lines.tax.unsent, oldestUnsentAgeMs: lines.tax.oldestUnsentAgeMs, skewMs: lines.tax.skewMs, lastError: lines.tax.lastError, attention: lines.tax.attention },
      },
      devices: devices.statuses(),
      unsent: lines.si.unsent + lines.tax.unsent,
    };
  }

  const logFromRenderer = createRendererLogSink(logger);
  const dispatch = createDispatcher(
    {
      getSession: () => ({
        terminalId: config.terminalId,
        branchCode: config.branchCode,
        windowNo: config.windowNo,
        tellerId: config.tellerId,
        mode: config.mode,
        version: opts.version,
        host: opts.host,
      }),
      getStatus: status,
      async readCard() {
        let card;
        try {
          card = await devices.readCard();
        } catch (err) {
          if (err instanceof SamError && err.code === 'invalid_card') {
            throw new CoreError('device_error', 'ID-card reader: the card content failed the checks', 'error.cardInvalid');
          }
          throw new CoreError('device_error', `ID-card reader: ${(err as Error).message}`, 'error.device');
        }
        if (!card) return null;
        protectName(card.name);
        return applicants.upsert(personalFromCard(card), true);
      },
      enterApplicant: ({ idNumber, name }) => {
        protectName(name);
        return applicants.upsert(manualPersonalData(idNumber, name), false);
      },
      ...createCatalogHandlers(catalog, config, printer),
      submitCase: (input) => {
        const item = catalog.getItem(input.itemCode);
        const line = item ? sync.line(item.endpoint) : 'up';
        const { view, created } = cases.submit(input, { lineDown: line === 'down' || line === 'paused' });
        drafts.discard(input.caseId);
        if (created) log.info({ caseId: view.caseId, itemCode: view.itemCode, status: view.status, syncState: view.syncState }, 'case accepted');
        return created ? changed(view) : view;
      },
      saveDraft: ({ draft }) => {
        drafts.save(draft);
        return { ok: true as const };
      },
      loadDraft: () => drafts.load(),
      discardDraft: () => {
        drafts.discard();
        return { ok: true as const };
      },
      applicantHistory: ({ applicantId }) => workflow.history(applicantId),
      searchCases: ({ query }) => workflow.search(query),
      resumeCase: ({ caseId, materials }) => changed(workflow.resume(caseId, materials)),
      supplementCase: ({ caseId, materials }) => changed(workflow.supplement(caseId, materials)),
      withdrawCase: ({ caseId, reason }) => changed(workflow.withdraw(caseId, reason)),
      followUps: () => workflow.followUps(),
      recordInformed: ({ caseId, channel, trackingNo, note }) => changed(workflow.informed(caseId, { channel, trackingNo, note })),
      printNotice: ({ caseId, copy }) => documents.printNotice(caseId, copy),
      noticePdf: ({ caseId }) => documents.noticePdf(caseId),
      receiptPdf: ({ caseId, copy }) => documents.receiptPdf(caseId, copy),
      errandCandidates: () => errands.candidates(),
      createErrandBatch: async ({ courier }) => {
        const made = await errands.create(courier);
        for (const b of made) for (const id of b.caseIds) caseChanged(id);
        return made;
      },
      listErrandBatches: ({ date }) => errands.list(date),
      manifestPdf: ({ batchId, copy }) => documents.manifestPdf(batchId, copy),
      monthlyFigures: ({ month }) => monthlyFigures(db, config, items, month),
      getCase: ({ caseId }) => {
        const view = cases.view(caseId);
        if (!view) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
        return view;
      },
      listCases: ({ date, limit }) => cases.list({ date, limit }),
      printReceipt: ({ caseId, copy }) => receipts.print(caseId, copy),
      retrySync: ({ caseId }) => {
        sync.retryNow(caseId);
        return { ok: true as const };
      },
      placeEmulatedCard: ({ sample }) => {
        const emulator = devices.emulator;
        if (config.mode === 'production' || !emulator) {
          throw new CoreError('forbidden', 'no emulated reader in this mode', 'error.forbidden');
        }
        if (sample) emulator.place(sample);
        else emulator.remove();
        return { ok: true as const };
      },
      ...createDeviceHandlers(devices, {
        configFile: opts.configFile,
        actor: config.tellerId,
        logger,
        audit: (e) => audit({ at: new Date(clock()).toISOString(), actor: e.actor, action: e.action, detail: { file: e.file, changes: e.changes } }),
      }),
      ...createSettingsHandlers({ db, config, configFile: opts.configFile, host: opts.host, logger }),
      ...createSupportHandlers({ db, config, dataDir: opts.dataDir, version: opts.version, sync, status, logger }),
      log: (entry) => {
        logFromRenderer(entry);
        return { ok: true as const };
      },
    },
    logger,
  );

  await devices.start();
  sync.start();
  errands.start();
  const ticker = setInterval(statusSoon, 5000);
  log.info({ host: opts.host, mode: config.mode, catalogVersion: catalog.version() }, 'core started');
  for (const w of catalog.calendarWarnings(new Date(clock()).toISOString().slice(0, 10))) {
    log.warn({ calendar: w }, 'working-day calendar needs an update (promised dates may be provisional)');
  }

  return {
    dispatch,
    subscribe: bus.subscribe,
    isIdle: () => drafts.load() === null,
    emulators: devices.emulator
      ? {
          placeCard: (sample) => devices.emulator?.place(sample as never),
          removeCard: () => devices.emulator?.remove(),
        }
      : null,
    async close() {
      clearInterval(ticker);
      if (statusTimer) clearTimeout(statusTimer);
      await errands.stop();
      await catalogUpdater.stop();
      await sync.stop();
      await devices.close();
      db.close();
      log.info('core stopped');
    },
  };
}

export type { CaseView };
