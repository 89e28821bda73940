import { z } from 'zod';

/** A record id made by the terminal (cases, applicants, ratings): a UUID in its lower-case text form. */
export const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'uuid');
