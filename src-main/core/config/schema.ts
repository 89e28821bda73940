/** The terminal configuration schema lives in the contract (the settings screens edit it); the core re-exports it. */
import { z } from 'zod';
import { configSchema as settingsSchema } from '../../contract/config';
import { roleSchema, userIdSchema } from '../../contract/people';
import { PIN_HASH_RE } from '../people/pin';

export * from '../../contract/config';
export { deviceConfigSchema } from '../../contract/devices';

/** One person who may sign in at this terminal: the PIN only as its KDF hash (`npm run pin:hash`). */
export const userConfigSchema = z
  .object({
    id: userIdSchema,
    name: z.string().min(1).max(40),
    roles: z.array(roleSchema).min(1).max(4),
    pinHash: z.string().regex(PIN_HASH_RE, 'pinHash: an scrypt hash made by `npm run pin:hash` (never the PIN itself)'),
    disabled: z.boolean().default(false),
  })
  .strict();
export type UserConfig = z.infer<typeof userConfigSchema>;

/**
 * The provisioned configuration: the settings the screens edit plus what only the provisioned file holds — the
 * people who may sign in, the per-kind retention periods and the pinned keys for exports. The settings screen
 * never sees or changes these (a save keeps them as they are in the file).
 */
export const configSchema = settingsSchema
  .extend({
    users: z
      .array(userConfigSchema)
      .max(500)
      .default([])
      .refine((users) => new Set(users.map((u) => u.id)).size === users.length, 'users: every id once'),
    /** Per-kind retention (days after a case is settled); case records use `retentionDays`. */
    retention: z
      .object({
        signatureDays: z.number().int().min(1).max(3650).default(90),
        draftDays: z.number().int().min(1).max(365).default(7),
        /** Crash minidumps and temporary PDFs. */
        scratchDays: z.number().int().min(1).max(365).default(14),
      })
      .strict()
      .default({ signatureDays: 90, draftDays: 7, scratchDays: 14 }),
    exports: z
      .object({
        /** The receiver's (bureau's or support's) X25519 public key, PEM: unsent-cases exports are encrypted to it. */
        recipientPublicKey: z.string().max(2000).optional(),
      })
      .strict()
      .default({}),
  })
  .superRefine((c, ctx) => {
    // Contract, "Transport and identity": plain http:// only in training or development mode.
    if (c.mode !== 'production') return;
    for (const name of ['si', 'tax'] as const) {
      const url = c.endpoints[name].url;
      if (url && /^http:\/\//i.test(url)) {
        ctx.addIssue({ code: 'custom', path: ['endpoints', name, 'url'], message: 'production needs an https:// endpoint (plain http only in training or development)' });
      }
    }
  });

export type TerminalConfig = z.infer<typeof configSchema>;
export type EndpointName = 'si' | 'tax';
