import type { ApplicantView, CallResult, SubmitCaseInput } from '../../contract';
import type { Mistake, PracticeAttempt, Scenario } from '../../contract/training';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import type { Logger } from '../logging/types';

/** What the practice switch needs of a core: the production core's own and the practice core are alike. */
export interface Workspace {
  dispatch(name: unknown, input: unknown): Promise<CallResult<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

/**
 * Calls that always stay with the production core, practice or not: who is at the window, the terminal's settings,
 * support, and training itself (progress lives with the person, in the production database). Every other call is
 * about cases, applicants, drafts, documents or figures and goes to the practice workspace while practice is on, so
 * that nothing practice-made touches production data.
 */
export const PRODUCTION_ONLY_CALLS = new Set<string>([
  'getSession',
  'getStatus',
  'log',
  'setLogLevel',
  'readLogs',
  'diagnosticsBundle',
  'syncQueue',
  'exportUnsent',
  'getTerminalSettings',
  'saveTerminalSettings',
  'listSerialPorts',
  'getDeviceSettings',
  'saveDeviceSettings',
  'testDevice',
  'captureSignature',
  'setPractice',
  'practiceItems',
  'startScenario',
  'practiceResult',
  'quiz',
  'answerQuiz',
  'signOffItem',
  'trainingMatrix',
  'itemGate',
  'trainingMatrixPdf',
  'trainingMatrixXlsx',
  'trainingFigures',
]);

export interface PracticeRun {
  caseId: string;
  scenarioId: string;
  itemCode: string;
  mistakes: Mistake[];
}

/**
 * Practice (练习) beside production: a second workspace (its own database, sending only to the practice endpoint) that
 * the teller can switch to at any time. While practice is on, workspace calls go there and only its events reach the
 * screen; a case submitted there under a scenario is checked against the scenario and the run recorded.
 */
export function createPracticeSwitch(deps: {
  open: () => Promise<Workspace>;
  logger: Logger;
  /** Checks a submitted practice case against its scenario and records the run; answers the mistakes. */
  onPracticeSubmit: (scenario: Scenario, attempt: PracticeAttempt) => Mistake[];
}) {
  const log = deps.logger.child({ component: 'practice' });
  let workspace: Promise<Workspace> | null = null;
  let on = false;
  let active: { scenario: Scenario; applicantId: string } | null = null;
  const runs = new Map<string, PracticeRun>();
  const listeners = new Set<(event: string, payload: unknown) => void>();

  const practice = (): Promise<Workspace> => {
    if (!workspace) {
      workspace = deps.open().then((w) => {
        w.subscribe((event, payload) => {
          if (on) for (const l of listeners) l(event, payload);
        });
        return w;
      });
      workspace.catch(() => (workspace = null));
    }
    return workspace;
  };

  async function value<T>(w: Workspace, name: string, input: unknown): Promise<T> {
    const result = await w.dispatch(name, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { callError: result.error });
    return result.value as T;
  }

  return {
    isOn: () => on,

    async set(next: boolean): Promise<void> {
      if (next) await practice();
      on = next;
      if (!next) active = null;
      log.info({ practice: next }, 'practice switched');
    },

    /** Puts the scenario's applicant at the window, as if their card had just been read. */
    async start(scenario: Scenario): Promise<ApplicantView> {
      await this.set(true);
      const w = await practice();
      const card = SAMPLE_CARDS[scenario.card];
      const applicant = await value<ApplicantView>(w, 'enterApplicant', { idNumber: card.idNumber, name: card.name });
      active = { scenario, applicantId: applicant.applicantId };
      for (const l of listeners) l('cardRead', applicant);
      return applicant;
    },

    run: (caseId: string): PracticeRun | undefined => runs.get(caseId),

    /** Routes a call: practice workspace or production. */
    async route(name: unknown, input: unknown, production: Workspace['dispatch']): Promise<CallResult<unknown>> {
      if (!on || typeof name !== 'string' || PRODUCTION_ONLY_CALLS.has(name)) return production(name, input);
      const w = await practice();
      const result = await w.dispatch(name, input);
      if (name === 'submitCase' && result.ok && active) {
        const submitted = input as SubmitCaseInput;
        const caseId = (result.value as { caseId: string }).caseId;
        if (!runs.has(caseId)) {
          const attempt: PracticeAttempt = {
            scenarioId: active.scenario.id,
            itemCode: submitted.itemCode,
            applicantIdNumber: submitted.applicantId === active.applicantId ? SAMPLE_CARDS[active.scenario.card].idNumber : '',
            form: submitted.form,
            materials: submitted.materials.map((m) => ({ code: m.code, received: m.received, deferred: m.deferred })),
            feedback: { channel: submitted.feedback.channel, phone: submitted.feedback.phone },
          };
          const mistakes = deps.onPracticeSubmit(active.scenario, attempt);
          runs.set(caseId, { caseId, scenarioId: active.scenario.id, itemCode: active.scenario.itemCode, mistakes });
        }
      }
      return result;
    },

    /** Production events while practice is off; practice events while it is on. */
    subscribe(productionSubscribe: Workspace['subscribe'], listener: (event: string, payload: unknown) => void): () => void {
      listeners.add(listener);
      const off = productionSubscribe((event, payload) => {
        if (!on || event === 'statusChanged') listener(event, payload);
      });
      return () => {
        listeners.delete(listener);
        off();
      };
    },

    async close(): Promise<void> {
      if (workspace) await (await workspace.catch(() => null))?.close();
    },
  };
}

export type PracticeSwitch = ReturnType<typeof createPracticeSwitch>;
