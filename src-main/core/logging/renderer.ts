/**
 * Log lines from the renderer. The renderer cannot write files; it sends entries through the contract and
 * the core writes them with its own logger, so they get the same redaction at the sink as everything else.
 * Entries are validated: an invalid one is dropped and a warning (naming the fields, never their values)
 * is written instead.
 */
import { z } from 'zod';
import { createLogBudget } from './budget';
import { LOG_LEVELS, type Logger } from './types';

const MAX_DATA_CHARS = 8_000;

/** Length of the value as JSON; Infinity when it cannot be serialised (a BigInt, a cycle). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value).length;
  } catch {
    return Infinity;
  }
}

/** What the renderer may send. The contract declares its call with this shape. */
export const rendererLogEntrySchema = z
  .object({
    level: z.enum(LOG_LEVELS),
    /** Area of the UI, e.g. `intake`, `queue.viewer`. Written as `renderer.<component>`. */
    component: z
      .string()
      .regex(/^[a-z][a-z0-9.-]{0,39}$/, 'component: lower-case letters, digits, dots and dashes')
      .optional(),
    msg: z.string().max(2_000),
    caseId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'caseId: a UUID').optional(),
    /** Error stack from window.onerror / unhandledrejection. */
    stack: z.string().max(MAX_DATA_CHARS).optional(),
    data: z
      .record(z.string(), z.unknown())
      .refine((d) => jsonLength(d) <= MAX_DATA_CHARS, `data: at most ${MAX_DATA_CHARS} characters as JSON`)
      .optional(),
  })
  .strict();

export type RendererLogEntry = z.infer<typeof rendererLogEntrySchema>;

export type RendererLogResult = { ok: true } | { ok: false; error: string };

const MAX_CHILDREN = 64;
/** The renderer's lines are capped at this level: a page cannot raise an error or fatal line (alerts, support). */
const RENDERER_MAX_LEVEL = 'warn';
const LEVEL_RANK: Record<string, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

export interface RendererLogSinkOptions {
  /** At most this many entries per window are written (default 30 per 10 s); the rest are counted and dropped. */
  maxPerWindow?: number;
  windowMs?: number;
  clock?: () => number;
}

/**
 * Binds a logger; the returned function is what the core exposes as the renderer's log call. Every line it writes
 * carries `source: "renderer"` and the level the renderer asked for (`rendererLevel`), is written at warn at most,
 * and goes through the same allow-list (fields.ts) and redaction as every other line. A renderer that logs in a
 * loop is rate-limited: the excess is dropped and counted in one line when the next window opens.
 */
export function createRendererLogSink(logger: Logger, options: RendererLogSinkOptions = {}): (entry: unknown) => RendererLogResult {
  const maxPerWindow = options.maxPerWindow ?? 30;
  const windowMs = options.windowMs ?? 10_000;
  const clock = options.clock ?? Date.now;
  const children = new Map<string, Logger>();
  function childFor(component: string): Logger {
    let child = children.get(component);
    if (!child) {
      if (children.size >= MAX_CHILDREN) children.clear();
      child = logger.child({ component: `renderer.${component}`, source: 'renderer' });
      children.set(component, child);
    }
    return child;
  }
  const budget = createLogBudget(maxPerWindow, windowMs, (count) => childFor('ratelimit').warn({ count }, 'renderer log entries dropped: rate limit'), clock);

  return function logFromRenderer(entry: unknown): RendererLogResult {
    if (!budget.admit()) return { ok: false, error: 'rate limit: renderer log entry dropped' };
    const parsed = rendererLogEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(entry)');
      const error = `invalid renderer log entry: ${[...new Set(fields)].join(', ')}`;
      childFor('invalid').warn({ fields }, 'invalid renderer log entry dropped');
      return { ok: false, error };
    }
    const { level, component, msg, caseId, stack, data } = parsed.data;
    const obj: Record<string, unknown> = { rendererLevel: level };
    if (caseId !== undefined) obj.caseId = caseId;
    if (stack !== undefined) obj.stack = stack;
    if (data !== undefined) obj.data = data;
    const written = LEVEL_RANK[level]! > LEVEL_RANK[RENDERER_MAX_LEVEL]! ? RENDERER_MAX_LEVEL : level;
    childFor(component ?? 'ui')[written](obj, msg);
    return { ok: true };
  };
}
