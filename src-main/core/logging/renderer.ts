/**
 * Log lines from the renderer. The renderer cannot write files; it sends entries through the contract and
 * the core writes them with its own logger, so they get the same redaction at the sink as everything else.
 * Entries are validated: an invalid one is dropped and a warning (naming the fields, never their values)
 * is written instead.
 */
import { z } from 'zod';
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

/** Binds a logger; the returned function is what the core exposes as the renderer's log call. */
export function createRendererLogSink(logger: Logger): (entry: unknown) => RendererLogResult {
  const children = new Map<string, Logger>();
  function childFor(component: string): Logger {
    let child = children.get(component);
    if (!child) {
      if (children.size >= MAX_CHILDREN) children.clear();
      child = logger.child({ component: `renderer.${component}` });
      children.set(component, child);
    }
    return child;
  }

  return function logFromRenderer(entry: unknown): RendererLogResult {
    const parsed = rendererLogEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(entry)');
      const error = `invalid renderer log entry: ${[...new Set(fields)].join(', ')}`;
      childFor('invalid').warn({ fields }, 'invalid renderer log entry dropped');
      return { ok: false, error };
    }
    const { level, component, msg, caseId, stack, data } = parsed.data;
    const obj: Record<string, unknown> = {};
    if (caseId !== undefined) obj.caseId = caseId;
    if (stack !== undefined) obj.stack = stack;
    if (data !== undefined) obj.data = data;
    childFor(component ?? 'ui')[level](obj, msg);
    return { ok: true };
  };
}
