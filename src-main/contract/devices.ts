import { z } from 'zod';

/**
 * Counter devices as configured per terminal (part of the terminal configuration) and as the settings screen
 * edits them. `emulated` runs the device's emulator on a socat pty pair (development and training).
 */
export const idCardDeviceSchema = z.object({
  transport: z.enum(['serial', 'usb', 'emulated']).default('emulated'),
  /** Serial port, e.g. /dev/ttyUSB0 or COM3. */
  path: z.string().max(200).optional(),
  baudRate: z.number().int().positive().default(115200),
  /** USB bulk readers, e.g. 0400:c35a. */
  usbId: z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/).optional(),
});

export const printerDeviceSchema = z.object({
  /** `spooler`: a Windows printer through the print spooler in RAW mode, chosen by its name. */
  transport: z.enum(['serial', 'tcp', 'file', 'spooler', 'emulated']).default('emulated'),
  path: z.string().max(200).optional(),
  /** The Windows printer's name, e.g. "EPSON TM-T82III Receipt" (spooler only). */
  printerName: z.string().max(200).optional(),
  host: z.string().max(200).optional(),
  port: z.number().int().positive().max(65535).optional(),
  baudRate: z.number().int().positive().default(115200),
  paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
});

export const signaturePadDeviceSchema = z.object({
  /** `screen`: the on-screen pad in the renderer; `hid`: a Wacom STU pad. */
  transport: z.enum(['screen', 'hid']).default('screen'),
  usbId: z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/).optional(),
});

export const deviceConfigSchema = z.object({
  idCard: idCardDeviceSchema.default({ transport: 'emulated', baudRate: 115200 }),
  printer: printerDeviceSchema.default({ transport: 'emulated', baudRate: 115200, paperWidthMm: 80 }),
  signaturePad: signaturePadDeviceSchema.default({ transport: 'screen' }),
});
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

export const serialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
});

export const deviceKindSchema = z.enum(['idCard', 'printer', 'signaturePad']);

const detailTextSchema = z.object({
  /** A message key of the UI's i18n layer (device.detail.…). */
  key: z.string().regex(/^device\.detail\.[A-Za-z.]+$/),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
/**
 * What a device says about itself (why it is not ready, what a test found), for the UI to put in its own language.
 * `cause`, when given, is put in as the message's {cause} (测试页未能打印：{cause}). Never personal data.
 */
export const deviceDetailSchema = detailTextSchema.extend({ cause: detailTextSchema.optional() });
export type DeviceDetail = z.infer<typeof deviceDetailSchema>;

export const deviceTestResultSchema = z.object({ ok: z.boolean(), detail: deviceDetailSchema });

export const signatureResultSchema = z.object({
  pngBase64: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  points: z.number().int().nonnegative(),
});
