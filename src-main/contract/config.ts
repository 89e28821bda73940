import { z } from 'zod';
import type { IssueKey } from './issues';

/**
 * One terminal's configuration (one file per terminal, provisioned by branch IT). Part of the contract because the
 * first-run and settings screens edit it; the core validates every file and every save with this schema.
 */
export const endpointConfigSchema = z.object({
  /** Base URL of the private-line endpoint, e.g. https://si.bureau.example:8443. `null` → built-in simulator. */
  url: z.string().url('issue.config.url' satisfies IssueKey).nullable().default(null),
  /** PEM files for mutual TLS (required for https in production). */
  clientCert: z.string().optional(),
  clientKey: z.string().optional(),
  caCert: z.string().optional(),
  timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
});

import { deviceConfigSchema } from './devices';

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

export const loggingConfigSchema = z.object({
  /** Minimum level written; support can raise it at run time without a restart. */
  level: logLevelSchema.default('info'),
  /** Days of daily log files kept on the terminal, today included. */
  retentionDays: z.number().int().min(1).max(365).default(30),
});

export const configSchema = z.object({
  mode: z.enum(['production', 'training', 'development']).default('development'),
  terminalId: z.string().regex(/^[0-9A-Z-]{4,40}$/, 'issue.config.terminalId' satisfies IssueKey).default('3303-LW-0012-W03'),
  branchCode: z.string().regex(/^[0-9A-Z-]{4,40}$/, 'issue.config.branchCode' satisfies IssueKey).default('3303-LW-0012'),
  windowNo: z.number().int().min(1).max(99).default(3),
  tellerId: z.string().regex(/^[A-Z0-9]{2,16}$/, 'issue.config.tellerId' satisfies IssueKey).default('T0042'),
  endpoints: z
    .object({ si: endpointConfigSchema.default({ url: null, timeoutMs: 15_000 }), tax: endpointConfigSchema.default({ url: null, timeoutMs: 15_000 }) })
    .default({ si: { url: null, timeoutMs: 15_000 }, tax: { url: null, timeoutMs: 15_000 } }),
  devices: deviceConfigSchema.default({
    idCard: { transport: 'emulated', baudRate: 115200 },
    printer: { transport: 'emulated', baudRate: 115200, paperWidthMm: 80 },
    signaturePad: { transport: 'screen' },
  }),
  guideBaseUrl: z.string().url('issue.config.url' satisfies IssueKey).default('https://rsj.longwan.example/guide/'),
  retentionDays: z.number().int().min(30).max(3650).default(180),
  logging: loggingConfigSchema.default({ level: 'info', retentionDays: 30 }),
  /**
   * The Chinese font embedded in A4 documents (guides, receipts, notices, manifests). Default: Noto Sans CJK SC
   * (Debian's fonts-noto-cjk); on Windows e.g. { file: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' }.
   */
  documentFont: z.object({ file: z.string().min(1), family: z.string().optional() }).optional(),
  /** Mentor training (师徒式): what makes an item practised, and what production does before a mentor signs it off. */
  training: z
    .object({
      requiredCleanRuns: z.number().int().min(1).max(20).default(2),
      unsignedItems: z.enum(['warn', 'cosign']).default('warn'),
      /** The district's own practice-bank file (JSON, `districtBankSchema`), read at start; a broken one is refused by name. */
      districtBankFile: z.string().min(1).optional(),
    })
    .default({ requiredCleanRuns: 2, unsignedItems: 'warn' }),
});

export type TerminalConfig = z.infer<typeof configSchema>;
export type EndpointName = 'si' | 'tax';
