import { CoreError, type Catalog, type SubmitCaseInput } from '../../contract';
import type { Handlers } from '../dispatch';
import type { Db } from '../db/open';
import { createAuditWriter } from '../db/journal';
import type { Logger } from '../logging/types';
import { nowIso } from '../util/time';
import { checkAttempt } from './check-attempt';
import type { CjkFontOptions } from '../catalog/pdf-kit';
import { chinaDate } from '../util/time';
import { trainingFigures } from './figures';
import { buildMatrix } from './matrix';
import { renderMatrixPdf, MATRIX_TITLE } from './matrix-pdf';
import { renderMatrixXlsx, XLSX_MIME } from './matrix-xlsx';
import type { DistrictBank } from '../../contract/training';
import { buildPracticeBank, type PracticeBank } from './practice-bank';
import { createPracticeSwitch, type Workspace } from './practice-switch';
import { createTrainingProgress, type Gate, type TrainingPolicy } from './progress';
import { scoreQuiz } from './questions';
import { seededRandom, shuffled } from './seeded-random';

type TrainingCalls = 'setPractice' | 'practiceItems' | 'startScenario' | 'practiceResult' | 'quiz' | 'answerQuiz' | 'signOffItem' | 'trainingMatrix' | 'itemGate' | 'trainingMatrixPdf' | 'trainingMatrixXlsx' | 'trainingFigures';

export interface TrainingDeps {
  db: Db;
  catalog: () => Catalog;
  policy: TrainingPolicy;
  /** The person signed in at the window (the teller whose progress a practice run counts for). */
  signedIn: () => string;
  /** Whether the person signed in holds the mentor role: a mentor signs others off and needs no sign-off. */
  signedInIsMentor: () => boolean;
  /** Proves a mentor at the window by their own PIN (throttled, audited); throws a typed error when not proven. */
  confirmMentor: (mentorId: string, pin: string) => Promise<void>;
  /** Opens the practice workspace (its own database and endpoints), once, when practice is first switched on. */
  openPractice: () => Promise<Workspace>;
  logger: Logger;
  clock: () => number;
  /** For the matrix printout: the branch named in its head and the Chinese font embedded. */
  branchCode: string;
  font?: CjkFontOptions | undefined;
  /** The district's own additions to the practice bank (config `training.districtBankFile`) as they are now. */
  districtBank: () => DistrictBank | null;
}

/**
 * Mentor training (师徒式) in the core: the practice switch, the practice bank, practice runs checked item by item,
 * knowledge questions, the mentor's sign-off and the production gate. Progress lives in the production database.
 */
export function createTraining(deps: TrainingDeps) {
  const progress = createTrainingProgress(deps.db, deps.policy);
  const audit = createAuditWriter(deps.db);
  let bank: { version: number; district: DistrictBank | null; bank: PracticeBank } | null = null;
  // Built again when the catalog or the district's file changes.
  const currentBank = (): PracticeBank => {
    const catalog = deps.catalog();
    const district = deps.districtBank();
    if (!bank || bank.version !== catalog.version || bank.district !== district) bank = { version: catalog.version, district, bank: buildPracticeBank(catalog, district) };
    return bank.bank;
  };
  const item = (code: string) => {
    const found = deps.catalog().items.find((i) => i.code === code);
    if (!found) throw new CoreError('not_found', `no item ${code}`, 'error.notFound');
    return found;
  };
  const at = () => nowIso(deps.clock);

  const practice = createPracticeSwitch({
    open: deps.openPractice,
    logger: deps.logger,
    onPracticeSubmit: (scenario, attempt) => {
      const mistakes = checkAttempt(scenario, item(scenario.itemCode), attempt);
      progress.recordRun(deps.signedIn(), scenario.itemCode, scenario.id, mistakes, at());
      return mistakes;
    },
  });

  const quizFor = (itemCode: string) => shuffled(currentBank().questions(itemCode), seededRandom(`${deps.signedIn()}:${itemCode}:${currentBank().version}`));

  const handlers: Pick<Handlers, TrainingCalls> = {
    setPractice: async ({ on }) => {
      await practice.set(on);
      return { practice: practice.isOn() };
    },
    practiceItems: () => {
      const catalog = deps.catalog();
      const mainName = new Map(catalog.mainItems.map((m) => [m.code, m.name]));
      return catalog.items.map((i) => ({
        itemCode: i.code,
        itemName: i.name,
        mainCode: i.mainCode,
        mainName: mainName.get(i.mainCode) ?? '',
        scenarios: currentBank()
          .scenarios(i.code)
          .map((s) => ({ id: s.id, story: s.story, expectedOutcome: s.expectedOutcome })),
        progress: progress.get(deps.signedIn(), i.code),
      }));
    },
    startScenario: async ({ scenarioId }) => {
      const scenario = currentBank().scenario(scenarioId);
      if (!scenario) throw new CoreError('not_found', `no scenario ${scenarioId}`, 'error.notFound');
      progress.markStudied(deps.signedIn(), scenario.itemCode, at());
      return { story: scenario.story, applicant: await practice.start(scenario) };
    },
    practiceResult: ({ caseId }) => {
      const run = practice.run(caseId);
      if (!run) throw new CoreError('not_found', 'no practice run for this case', 'error.notFound');
      return { ...run, progress: progress.get(deps.signedIn(), run.itemCode) };
    },
    quiz: ({ itemCode }) => {
      item(itemCode);
      return quizFor(itemCode).map((q) => ({ id: q.id, topic: q.topic, text: q.text, options: q.options }));
    },
    answerQuiz: ({ itemCode, answers }) => {
      const result = scoreQuiz(quizFor(itemCode), answers);
      const teller = deps.signedIn();
      const now = result.passed ? progress.recordQuizPassed(teller, itemCode, at()) : progress.markStudied(teller, itemCode, at());
      return { ...result, progress: now };
    },
    signOffItem: async ({ tellerId, itemCode, mentorId, mentorPin }) => {
      item(itemCode);
      await deps.confirmMentor(mentorId, mentorPin);
      const signed = progress.signOff(tellerId, itemCode, mentorId, at());
      audit({ at: at(), actor: mentorId, action: 'training.signOff', detail: { tellerId, itemCode } });
      return signed;
    },
    trainingMatrix: () => progress.all(),
    itemGate: ({ itemCode }) => gateOf(itemCode),
    async trainingMatrixPdf(filter) {
      const today = chinaDate(deps.clock());
      const pdf = await renderMatrixPdf(buildMatrix(deps.catalog(), progress.all(), filter), { branchCode: deps.branchCode, today, font: deps.font });
      return { fileName: `${MATRIX_TITLE}-${today}.pdf`, mime: 'application/pdf' as const, base64: pdf.toString('base64') };
    },
    async trainingMatrixXlsx(filter) {
      const xlsx = await renderMatrixXlsx(buildMatrix(deps.catalog(), progress.all(), filter), { branchCode: deps.branchCode, now: new Date(deps.clock()) });
      return { fileName: `${MATRIX_TITLE}-${chinaDate(deps.clock())}.xlsx`, mime: XLSX_MIME, base64: xlsx.toString('base64') };
    },
    trainingFigures: () =>
      trainingFigures(
        deps.db,
        deps.catalog().items.map((i) => i.code),
        chinaDate(deps.clock()),
      ),
  };

  /** Production's gate for the person signed in: a mentor is open for every item; a teller by their sign-offs. */
  function gateOf(itemCode: string): Gate {
    return deps.signedInIsMentor() ? { allowed: true } : progress.gate(deps.signedIn(), itemCode);
  }

  /**
   * Production's gate before a case is accepted: an item the signed-in teller is not signed off for needs, where the
   * branch asks it, a mentor's co-signature proven by the mentor's PIN; the co-signature is audited with the case.
   */
  async function guardSubmit(input: SubmitCaseInput): Promise<void> {
    const teller = deps.signedIn();
    const gate = gateOf(input.itemCode);
    if (gate.allowed || gate.needs === 'warning') return;
    if (!input.cosign) throw new CoreError('forbidden', `item ${input.itemCode} needs a mentor's co-signature`, 'error.training.cosignRequired');
    if (input.cosign.mentorId === teller) throw new CoreError('forbidden', 'a teller cannot co-sign their own case', 'error.training.selfSignOff');
    await deps.confirmMentor(input.cosign.mentorId, input.cosign.mentorPin);
    audit({ at: at(), actor: input.cosign.mentorId, action: 'case.cosign', caseId: input.caseId, detail: { tellerId: teller, itemCode: input.itemCode } });
  }

  return { handlers, practice, progress, guardSubmit };
}
