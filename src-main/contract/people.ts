import { z } from 'zod';

/**
 * Who is at the window: the people who may sign in at this terminal and what the renderer sees of them.
 * The role table itself (what each role may call) lives in the core (src-main/core/people/access.ts).
 */
export const roleSchema = z.enum(['teller', 'mentor', 'branch_admin', 'support']);
export type Role = z.infer<typeof roleSchema>;

export const userIdSchema = z.string().regex(/^[A-Z0-9]{2,16}$/, 'user id: 2–16 capitals or digits, e.g. T0042');
/** A PIN as typed at the window: 6 to 12 digits. It is never stored or logged, only its KDF hash. */
export const pinSchema = z.string().regex(/^\d{6,12}$/, 'PIN: 6–12 digits');

/** A person as the renderer sees them (never the PIN hash). */
export const userViewSchema = z.object({
  id: userIdSchema,
  name: z.string().min(1).max(40),
  roles: z.array(roleSchema).min(1),
  disabled: z.boolean(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const signedInSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
  since: z.string(),
});
export type SignedIn = z.infer<typeof signedInSchema>;

/** A draft still open at this window, listed at hand-over and on the sign-in screen (no personal data). */
export const openDraftSchema = z.object({
  caseId: z.string(),
  itemCode: z.string().nullable(),
  savedBy: z.string().nullable(),
  savedAt: z.string(),
});

export const windowStateSchema = z.object({
  user: signedInSchema.nullable(),
  /** Development only, with no users configured: the built-in demo people and their PINs, shown on the sign-in screen. */
  demoUsers: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(roleSchema), pin: z.string() })).nullable(),
  openDrafts: z.array(openDraftSchema),
  /** A configuration file is named but does not exist yet: the first-run settings screen follows sign-in. */
  firstRun: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const saveUserInputSchema = z
  .object({
    id: userIdSchema,
    name: z.string().min(1).max(40),
    roles: z.array(roleSchema).min(1).max(4),
    disabled: z.boolean().default(false),
    /** A new PIN; without it the user keeps the PIN they have (a new user needs one). */
    pin: pinSchema.optional(),
  })
  .strict();
