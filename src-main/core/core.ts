import path from 'node:path';
import { CoreError, type ApplicantView, type CaseView, type StatusSnapshot } from '../contract';
import { SamError } from '../../native/idcard';
import type { IdCardData, PhotoDecoder } from '../../native/idcard/types';
import { createApplicantService, manualPersonalData, personalFromCard } from './applicants/applicant-service';
import { createCaseService, type ItemSource } from './cases/case-service';
import { createCatalogService } from './catalog/catalog-service';
import { createCatalogHandlers } from './catalog-handlers';
import { createCounterHandlers } from './counter/counter-handlers';
import { createCatalogUpdater } from './catalog-updates';
import type { TerminalConfig } from './config/schema';
import { createVault } from './crypto/vault';
import { openDatabase } from './db/open';
import { createAuditWriter } from './db/journal';
import { createDeviceManager } from './devices/device-manager';
import { createDeviceHandlers } from './devices/device-handlers';
import { idCardErrorDetail } from './devices/device-detail';
import { createSupportHandlers } from './support/support-handlers';
import { createSettingsHandlers } from './config/settings-handlers';
import { monthlyFigures } from './reports/monthly-figures';
import { createReportService } from './reports/report-service';
import { exportSigningKey } from './sync/unsent-export';
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
import { createTraining } from './training/training-handlers';
import { practicePrinter } from './training/practice-printer';
import { createDistrictBankSource, type DistrictBankSource } from './training/practice-bank';
import type { DeviceManager } from './devices/device-manager';
import { createWindowSession, type WindowSession } from './people/window-session';
import { createPeopleHandlers } from './people/people-handlers';
import { existsSync } from 'node:fs';
import { assertEndpointsAllowed } from './config/settings-lock';
import { createRetentionJob } from './retention/purge';
import { createRatingService } from './rating/rating-service';
import { createCitizenDispatcher } from './rating/citizen-dispatch';

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
  /** Practice (练习): opens the practice workspace, a core of its own on the window's devices. Absent in that core. */
  openPractice?: (devices: DeviceManager, session: WindowSession) => Promise<Core>;
  /** The practice workspace uses the production core's devices (one reader and one printer at a window). */
  sharedDevices?: DeviceManager;
  /** ... and its window session: the person signed in at the window practises. */
  sharedSession?: WindowSession;
  /** A vendor WLT decoder, where one is installed: the applicant panel then shows the card's photo (never stored). */
  photoDecoder?: PhotoDecoder;
  /**
   * The configuration as provisioned (file or embedded defaults), shown and saved by the settings screen; `config`
   * may differ by run-time values such as the built-in simulator's ports, which must never be written to the file.
   */
  provisionedConfig?: TerminalConfig;
}

export interface Core {
  dispatch: Dispatch;
  /** The citizen view's own dispatcher: it knows two calls (show the current case, rate it) and nothing else. */
  citizenDispatch: Dispatch;
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
  assertEndpointsAllowed(config);
  const log = logger.child({ component: 'core' });
  const bus = createEventBus(log);
  const db = openDatabase(path.join(opts.dataDir, 'onewindow.db'));
  const vault = createVault(opts.dataKey);
  // The practice workspace is the same window: it shares the production core's session (who is signed in here).
  const session = opts.sharedSession ?? createWindowSession({
    db,
    vault,
    config,
    configFile: opts.configFile,
    logger,
    clock,
    firstRun: () => !!opts.configFile && !existsSync(opts.configFile),
  });
  const who = session.teller;

  const catalog = createCatalogService({ db, clock });
  const catalogNow = () => ({ version: catalog.version(), mainItems: [...catalog.mainItems()], items: [...catalog.items()], evaluationReasons: [...catalog.evaluationReasons()] });
  // The district's practice-bank file is checked before anything else starts: a broken one is refused by name. A file
  // changed later is read again when practice next asks for it (no restart); a broken change is not taken.
  let districtBank: DistrictBankSource | null = null;
  try {
    const file = config.training.districtBankFile;
    if (file) {
      districtBank = createDistrictBankSource(
        file,
        catalogNow,
        (reason) => log.warn({ err: reason }, 'changed district bank refused; the bank in use is kept'),
        (version) => log.info({ version }, 'district bank reloaded'),
      );
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const calendar = loadCalendar();
  const items: ItemSource = {
    getItem: (code) => catalog.getItem(code),
    version: () => catalog.version(),
    promisedDate: (item, date) => catalog.promisedDate(item, date),
    workingDaysAfter: (date, n) => promisedDate(date, { value: n, unit: 'working_day' }, calendar).date,
  };
  const applicants = createApplicantService(db, vault, clock);
  // When each applicant was last identified (card read or ID typed): the start of a case's handling time (报表).
  const identifiedAt = new Map<string, number>();
  const identified = <T extends { applicantId: string }>(applicant: T): T => {
    identifiedAt.set(applicant.applicantId, clock());
    if (identifiedAt.size > 500) identifiedAt.delete(identifiedAt.keys().next().value!);
    return applicant;
  };
  /** A citizen identified at the window: another citizen's case leaves the citizen view (ratings below). */
  const nextApplicant = <T extends { applicantId: string }>(applicant: T): T => {
    ratings.withdraw(applicant.applicantId);
    return identified(applicant);
  };
  const cases = createCaseService({ db, vault, config, items, applicants, who, clock });

  // Names of recent applicants are redacted from logs by value; the oldest are released so the set stays bounded.
  const namesInUse: (() => void)[] = [];
  function protectName(name: string): void {
    namesInUse.push(registerSensitive(name));
    if (namesInUse.length > 200) namesInUse.shift()!();
  }

  /** The card's photo on the screen view, where a WLT decoder is installed; a decoder failure only loses the photo. */
  async function withPhoto(view: ApplicantView, card: IdCardData): Promise<ApplicantView> {
    if (!opts.photoDecoder) return view;
    try {
      const img = await opts.photoDecoder.decode(card.photoWlt);
      return { ...view, photo: `data:${img.mime};base64,${Buffer.from(img.bytes).toString('base64')}` };
    } catch (err) {
      log.warn({ err: String(err) }, 'ID-card photo could not be decoded');
      return view;
    }
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

  const devices = opts.sharedDevices ?? createDeviceManager({
    config: config.devices,
    logger,
    onCard: (card) => {
      // Nobody signed in: a card on the reader shows nothing to whoever is at the screen.
      if (!session.caller()) return;
      protectName(card.name);
      void withPhoto(nextApplicant(applicants.upsert(personalFromCard(card), true)), card).then((view) => bus.emit('cardRead', view));
    },
    onStatus: statusSoon,
  });
  // print(jobId, bytes) and paperWidth(), whichever printer is configured now; marked 培训样张 in the practice workspace.
  const printer = opts.sharedDevices ? practicePrinter(devices) : devices;
  const audit = createAuditWriter(db);
  const receipts = createReceiptService({ db, vault, config, cases, items, printer, who });
  const workflow = createCaseWorkflow({ db, vault, config, items, cases, who, clock });
  const drafts = createDrafts(db, vault, config.windowNo, clock, () => session.caller()?.id ?? null);
  const catalogUpdater = createCatalogUpdater({ catalog, config, logger, onApplied: statusSoon });
  const errands = createErrandService({ db, config, cases, logger, clock, who, onChange: statusSoon });
  const reports = createReportService({
    db,
    terminal: { terminalId: config.terminalId, branchCode: config.branchCode, training: config.mode !== 'production' },
    catalog,
    signingKey: () => exportSigningKey(db, vault),
    trustDir: path.join(opts.dataDir, 'trusted-terminals'),
    font: config.documentFont,
    clock,
  });
  const documents = createDocumentService({ db, config, cases, items, receipts, errands, printer, who, clock });
  const ratings = createRatingService({ db, vault, config, caseView: (id) => cases.view(id), reasons: () => catalog.evaluationReasons(), clock });
  /** After a case the citizen view shows it for rating (a case kept on the terminal only is not rated). */
  const offerRating = (view: CaseView): CaseView => {
    if (view.syncState !== 'local') ratings.present(view.caseId);
    return view;
  };
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
      catalogVersion: catalog.version(),
    };
  }

  const training = createTraining({
    db,
    catalog: catalogNow,
    policy: config.training,
    signedIn: () => session.teller(),
    signedInIsMentor: () => session.caller()?.roles.includes('mentor') ?? false,
    confirmMentor: async (mentorId, pin) => {
      await session.confirm(mentorId, pin, 'mentor');
    },
    openPractice: () => (opts.openPractice ? opts.openPractice(devices, session) : Promise.reject(new CoreError('forbidden', 'this is the practice workspace', 'error.forbidden'))),
    logger,
    clock,
    branchCode: config.branchCode,
    font: config.documentFont,
    districtBank: () => districtBank?.current() ?? null,
  });

  const logFromRenderer = createRendererLogSink(logger);
  const dispatch = createDispatcher(
    {
      getSession: () => ({
        terminalId: config.terminalId,
        branchCode: config.branchCode,
        windowNo: config.windowNo,
        tellerId: session.caller()?.id ?? '',
        mode: config.mode,
        version: opts.version,
        host: opts.host,
        practice: training.practice.isOn(),
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
          // What the reader said, as the device detail the status bar and the device test use.
          const detail = idCardErrorDetail(err);
          throw new CoreError('device_error', `ID-card reader: ${(err as Error).message}`, detail.key, undefined, detail.params);
        }
        if (!card) return null;
        protectName(card.name);
        return withPhoto(nextApplicant(applicants.upsert(personalFromCard(card), true)), card);
      },
      enterApplicant: ({ idNumber, name, idType }) => {
        protectName(name);
        return nextApplicant(applicants.upsert(manualPersonalData(idNumber.trim().toUpperCase(), name, idType), false));
      },
      ...createCatalogHandlers(catalog, config, printer),
      ...training.handlers,
      // Practice cases are never shown to the citizen at the window, nor is a real case left there while practising.
      setPractice: async (input) => {
        const answer = await training.handlers.setPractice(input);
        if (answer.practice) ratings.withdraw();
        return answer;
      },
      ...createCounterHandlers({ db, config, catalog, items, draft: () => drafts.load(), clock }),
      submitCase: async (input) => {
        if (!opts.sharedDevices) await training.guardSubmit(input);
        const item = catalog.getItem(input.itemCode);
        const line = item ? sync.line(item.endpoint) : 'up';
        const { view, created } = cases.submit(input, { lineDown: line === 'down' || line === 'paused', identifiedAt: identifiedAt.get(input.applicantId) });
        // The applicant's next item starts when this one was confirmed.
        if (created) identifiedAt.set(input.applicantId, clock());
        drafts.discard(input.caseId);
        if (created) log.info({ caseId: view.caseId, itemCode: view.itemCode, status: view.status, syncState: view.syncState }, 'case accepted');
        return created ? changed(offerRating(view)) : view;
      },
      saveDraft: ({ draft }) => {
        drafts.save(draft);
        return { ok: true as const };
      },
      loadDraft: () => drafts.load(),
      // 下一位: the citizen at the window is done, and so is the citizen view's case.
      discardDraft: () => {
        drafts.discard();
        ratings.withdraw();
        return { ok: true as const };
      },
      applicantHistory: ({ applicantId }) => {
        const found = workflow.history(applicantId);
        audit({ at: new Date(clock()).toISOString(), actor: session.actor(), action: 'read.applicantHistory', detail: { applicantId, cases: found.length } });
        return found;
      },
      searchCases: ({ query }) => {
        const found = workflow.search(query);
        // The query itself may be an ID number or a name: only its shape is recorded.
        audit({ at: new Date(clock()).toISOString(), actor: session.actor(), action: 'read.search', detail: { queryLength: query.length, cases: found.map((c) => c.caseId) } });
        return found;
      },
      resumeCase: ({ caseId, materials }) => changed(offerRating(workflow.resume(caseId, materials))),
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
      monthlyFigures: ({ month }) => monthlyFigures(reports.figures, config.branchCode, month),
      reportFigures: ({ period }) => reports.figures(period),
      reportDocument: ({ period, format }) => reports.document(period, format),
      exportFiguresFile: ({ period }) => reports.figuresFile(period),
      mergeFigures: ({ files, format }) => reports.merge(files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })), format),
      getCase: ({ caseId }) => {
        const view = cases.view(caseId);
        if (!view) throw new CoreError('not_found', 'no such case', 'error.caseNotFound');
        audit({ at: new Date(clock()).toISOString(), actor: session.actor(), action: 'read.case', caseId });
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
        get actor() {
          return session.actor();
        },
        logger,
        audit: (e) => audit({ at: new Date(clock()).toISOString(), actor: session.actor(), action: e.action, detail: { file: e.file, changes: e.changes } }),
      }),
      ...createSettingsHandlers({ db, config: opts.provisionedConfig ?? config, configFile: opts.configFile, host: opts.host, logger, actor: session.actor }),
      ...createSupportHandlers({ db, vault, config, dataDir: opts.dataDir, version: opts.version, sync, status, logger, actor: session.actor, clock }),
      ...createPeopleHandlers(session, () => catalog.warmSearch()),
      log: (entry) => {
        logFromRenderer(entry);
        return { ok: true as const };
      },
      presentForRating: ({ caseId }) => ratings.present(caseId),
      caseRating: ({ caseId }) => ratings.caseRating(caseId),
      ratingTodos: () => ratings.todos(),
      completeRatingTodo: ({ todoId, note }) => {
        ratings.completeTodo(todoId, note);
        statusSoon();
        return { ok: true as const };
      },
    },
    logger,
    session,
  );
  const citizenDispatch = createCitizenDispatcher(
    {
      currentCase: () => ratings.current(),
      rateCase: (input) => {
        const rated = ratings.rate(input);
        log.info({ caseId: input.caseId, evaluationId: rated.evaluationId, level: rated.level }, 'case rated by the citizen');
        sync.kick();
        caseChanged(input.caseId);
        return rated;
      },
    },
    logger,
  );

  // The queue goes out first: opening (or emulating) the devices can take a while, and a core restarted after a crash
  // should not keep the line waiting for them.
  sync.start();
  if (!opts.sharedDevices) await devices.start();
  errands.start();
  const ticker = setInterval(statusSoon, 5000);
  // The catalog search index is built once the sync engine has had its first moments (see catalog-service.ts), or
  // earlier when a screen asks who is at the window (createPeopleHandlers): the first key after sign-in then finds it
  // built (without, a teller signing in within 1.5 s of the start waited ≈0.1 s on that key).
  const warmSearch = setTimeout(() => catalog.warmSearch(), 1500);
  // 报表: fills the day cache in the background, one day per second while no intake is being typed (a day of a busy
  // counter takes ≈40 ms), starting a minute after the core, so that the first report of a month or year is quick.
  let warmer: NodeJS.Timeout | null = null;
  const warmStart = setTimeout(() => {
    warmer = setInterval(() => {
      try {
        if (drafts.load() === null) reports.warmStep();
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'report cache warm-up step failed');
      }
    }, 1000).unref();
  }, 60_000).unref();
  // Retention: personal data past its period is purged at start and every six hours.
  const retention = createRetentionJob({ db, vault, config, dataDir: opts.dataDir, logger, clock });
  const purge = () => {
    try {
      retention.run();
    } catch (err) {
      log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'retention purge failed');
    }
  };
  purge();
  const purgeTimer = setInterval(purge, 6 * 3600_000);
  purgeTimer.unref();
  log.info({ host: opts.host, mode: config.mode, catalogVersion: catalog.version() }, 'core started');
  for (const w of catalog.calendarWarnings(new Date(clock()).toISOString().slice(0, 10))) {
    log.warn({ calendar: w }, 'working-day calendar needs an update (promised dates may be provisional)');
  }

  return {
    dispatch: (name, input) => training.practice.route(name, input, dispatch),
    citizenDispatch,
    subscribe: (listener) => training.practice.subscribe(bus.subscribe, listener),
    isIdle: () => drafts.load() === null,
    emulators: devices.emulator
      ? {
          placeCard: (sample) => devices.emulator?.place(sample as never),
          removeCard: () => devices.emulator?.remove(),
        }
      : null,
    async close() {
      clearInterval(ticker);
      clearTimeout(warmSearch);
      clearTimeout(warmStart);
      if (warmer) clearInterval(warmer);
      clearInterval(purgeTimer);
      if (statusTimer) clearTimeout(statusTimer);
      await errands.stop();
      await catalogUpdater.stop();
      await training.practice.close();
      await sync.stop();
      if (!opts.sharedDevices) await devices.close();
      db.close();
      log.info('core stopped');
    },
  };
}

export type { CaseView };
