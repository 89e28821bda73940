import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../../native/printer/emulator';
import { STU_REPORT } from '../../../native/signature';
import { createMockStuPad, type MockStuPad } from '../../../native/signature/mock-stu-pad';
import { calls, CoreError, type DeviceConfig } from '../../../src-main/contract';
import { loadConfig, type ConfigAuditEvent } from '../../../src-main/core/config/load';
import { createDeviceHandlers, type DeviceHandlers } from '../../../src-main/core/devices/device-handlers';
import { createDeviceManager, type DeviceManager } from '../../../src-main/core/devices/device-manager';
import { silentLogger } from '../../../src-main/core/logging/types';
import { FAST, pluggablePrinter, pluggableReader, stateOf, until } from './helpers';

let dir: string;
let manager: DeviceManager | null = null;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'onewindow-device-settings-'));
});

afterEach(async () => {
  await manager?.close();
  manager = null;
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

function start(config: DeviceConfig, extra: { configFile?: string; audit?: (e: ConfigAuditEvent) => void; pad?: MockStuPad } = {}): DeviceHandlers {
  const m = createDeviceManager({
    config,
    logger: silentLogger,
    onCard: () => {},
    onStatus: () => {},
    timing: FAST,
    ...(extra.pad ? { openHid: () => extra.pad! } : {}),
  });
  manager = m;
  return createDeviceHandlers(m, { configFile: extra.configFile, actor: 'it-admin', audit: extra.audit, logger: silentLogger });
}

async function ports(): Promise<{ reader: Awaited<ReturnType<typeof pluggableReader>>; printer: Awaited<ReturnType<typeof pluggablePrinter>> }> {
  const reader = await pluggableReader();
  const printer = await pluggablePrinter();
  cleanups.push(() => reader.dispose(), () => printer.dispose());
  return { reader, printer };
}

const screenPad = { transport: 'screen' } as const;

describe('device handlers', () => {
  it('tests the reader (SAM id) and the printer (a test page the emulator decodes)', async () => {
    const { reader, printer } = await ports();
    const h = start({
      idCard: { transport: 'serial', path: reader.path, baudRate: 115200 },
      printer: { transport: 'serial', path: printer.path, baudRate: 115200, paperWidthMm: 80 },
      signaturePad: screenPad,
    });
    await manager!.start();
    await until(() => manager!.statuses().every((s) => s.state === 'ready'), 'devices ready');

    const idCard = calls.testDevice.output.parse(await h.testDevice({ kind: 'idCard' }));
    expect(idCard).toEqual({ ok: true, detail: { key: 'device.detail.idCard.ok', params: { samId: '05.01-20240101-0000012345-3303030001' } } });

    const page = calls.testDevice.output.parse(await h.testDevice({ kind: 'printer' }));
    expect(page.ok).toBe(true);
    const printed = printer.emulator!.jobs();
    expect(printed).toHaveLength(1);
    expect(printed[0]!.text).toContain('打印测试页');
    expect(printed[0]!.text).toContain('纸宽：80mm');
    expect(printed[0]!.cuts).toBe(1);

    expect(await h.testDevice({ kind: 'signaturePad' })).toEqual({ ok: true, detail: { key: 'device.detail.signaturePad.screen' } });
  });

  it('reports a test page that cannot print, and does not print it later', async () => {
    const { reader, printer } = await ports();
    const h = start({
      idCard: { transport: 'serial', path: reader.path, baudRate: 115200 },
      printer: { transport: 'serial', path: printer.path, baudRate: 115200, paperWidthMm: 58 },
      signaturePad: screenPad,
    });
    await manager!.start();
    printer.emulator!.setPaperOut(true);
    expect(await h.testDevice({ kind: 'printer' })).toEqual({ ok: false, detail: { key: 'device.detail.printer.testFailed', cause: { key: 'device.detail.printer.paperOut' } } });
    printer.emulator!.setPaperOut(false);
    await until(() => stateOf(manager!.statuses(), 'printer').state === 'ready', 'paper back');
    await new Promise((r) => setTimeout(r, 300)); // several queue retries
    expect(printer.emulator!.captured()).toHaveLength(0);

    await reader.unplug();
    await until(() => stateOf(manager!.statuses(), 'idCard').state === 'disconnected', 'reader gone');
    const r = await h.testDevice({ kind: 'idCard' });
    expect(r.ok).toBe(false);
    expect(r.detail).toMatchObject({ key: 'device.detail.idCard.notConnected', cause: { key: expect.stringMatching(/^device\.detail\.idCard\./) } });
  });

  it('saves settings to the configuration file (audited) and switches the printer live', async () => {
    const { reader, printer: first } = await ports();
    const second: PrinterEmulator = await startPrinterEmulator({ tcpPort: 0 });
    cleanups.push(() => second.close());
    const configFile = path.join(dir, 'terminal.json');
    const audits: ConfigAuditEvent[] = [];
    const before: DeviceConfig = {
      idCard: { transport: 'serial', path: reader.path, baudRate: 115200 },
      printer: { transport: 'serial', path: first.path, baudRate: 115200, paperWidthMm: 80 },
      signaturePad: screenPad,
    };
    writeFileSync(configFile, JSON.stringify({ terminalId: 'LW-T-07', windowNo: 7, devices: before }, null, 2));
    const h = start(before, { configFile, audit: (e) => audits.push(e) });
    await manager!.start();
    await until(() => stateOf(manager!.statuses(), 'printer').state === 'ready', 'first printer ready');

    const after: DeviceConfig = { ...before, printer: { transport: 'tcp', host: '127.0.0.1', port: second.port!, baudRate: 115200, paperWidthMm: 58 } };
    expect(await h.saveDeviceSettings(calls.saveDeviceSettings.input.parse(after))).toEqual({ ok: true });

    const saved = loadConfig(configFile);
    expect(saved.devices.printer).toEqual(after.printer);
    expect(saved.terminalId).toBe('LW-T-07'); // the rest of the file is kept
    expect(saved.windowNo).toBe(7);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'config.saved', actor: 'it-admin', file: configFile });
    expect(audits[0]!.changes.map((c) => c.path)).toEqual(
      expect.arrayContaining(['devices.printer.transport', 'devices.printer.host', 'devices.printer.port', 'devices.printer.paperWidthMm']),
    );
    expect(audits[0]!.changes.some((c) => c.path.startsWith('devices.idCard'))).toBe(false);

    expect(calls.getDeviceSettings.output.parse(await h.getDeviceSettings({}))).toEqual(after);
    await until(() => stateOf(manager!.statuses(), 'printer').state === 'ready', 'second printer ready');
    expect(stateOf(manager!.statuses(), 'printer').transport).toBe(`tcp 127.0.0.1:${second.port}`);
    expect(manager!.paperWidth()).toBe('58mm');

    expect((await h.testDevice({ kind: 'printer' })).ok).toBe(true);
    expect(second.jobs().map((j) => j.text).join('')).toContain('打印测试页');
    expect(first.emulator!.captured()).toHaveLength(0);
    // the reader was not touched: still the same, still reading
    expect(stateOf(manager!.statuses(), 'idCard').state).toBe('ready');
  });

  it('a Windows printer chosen on a machine without the spooler: saved, and the printer says why it cannot print', async () => {
    const configFile = path.join(dir, 'terminal.json');
    writeFileSync(configFile, '{}\n');
    const before: DeviceConfig = { idCard: { transport: 'emulated', baudRate: 115200 }, printer: { transport: 'emulated', baudRate: 115200, paperWidthMm: 80 }, signaturePad: screenPad };
    const h = start(before, { configFile });
    await manager!.start();
    const after = calls.saveDeviceSettings.input.parse({ ...before, printer: { transport: 'spooler', printerName: 'EPSON TM-T82III Receipt', baudRate: 115200, paperWidthMm: 80 } });
    expect(await h.saveDeviceSettings(after)).toEqual({ ok: true });
    expect(loadConfig(configFile).devices.printer).toMatchObject({ transport: 'spooler', printerName: 'EPSON TM-T82III Receipt' });
    await until(() => stateOf(manager!.statuses(), 'printer').transport === 'Windows spooler EPSON TM-T82III Receipt', 'printer switched');
    const result = await h.testDevice({ kind: 'printer' });
    expect(result).toEqual({ ok: false, detail: { key: 'device.detail.printer.testFailed', cause: { key: 'device.detail.printer.unsupported' } } });
    expect(stateOf(manager!.statuses(), 'printer')).toMatchObject({ state: 'disconnected', detail: { key: 'device.detail.printer.unsupported' } });
  });

  it('refuses incomplete settings and leaves the file and the devices as they were', async () => {
    const configFile = path.join(dir, 'terminal.json');
    writeFileSync(configFile, '{}\n');
    const audits: ConfigAuditEvent[] = [];
    const h = start({ idCard: { transport: 'emulated', baudRate: 115200 }, printer: { transport: 'emulated', baudRate: 115200, paperWidthMm: 80 }, signaturePad: screenPad }, { configFile, audit: (e) => audits.push(e) });
    await manager!.start();
    const bad = calls.saveDeviceSettings.input.parse({ idCard: { transport: 'serial' }, printer: { transport: 'tcp' }, signaturePad: screenPad });
    const err = await Promise.resolve(h.saveDeviceSettings(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('invalid_input');
    expect((err as CoreError).issues?.map((i) => i.path)).toEqual(['idCard.path', 'printer.host']);
    expect(readFileSync(configFile, 'utf8')).toBe('{}\n');
    expect(audits).toHaveLength(0);
    expect(manager!.config().idCard.transport).toBe('emulated');
  });

  it('captures a signature on the MOCK STU pad over the HID transport interface', async () => {
    const pad = createMockStuPad('STU-530'); // MOCK: no HID device can exist here
    const h = start({ idCard: { transport: 'serial', baudRate: 115200 }, printer: { transport: 'serial', baudRate: 115200, paperWidthMm: 80 }, signaturePad: { transport: 'hid' } }, { pad });
    await manager!.start();
    expect(stateOf(manager!.statuses(), 'signaturePad')).toMatchObject({ state: 'ready', transport: 'hid mock:STU-530' });
    expect(await h.testDevice({ kind: 'signaturePad' })).toEqual({ ok: true, detail: { key: 'device.detail.signaturePad.ok', params: { width: 800, height: 480, levels: 1024 } } });

    const capture = Promise.resolve(h.captureSignature({ timeoutMs: 10_000 }));
    const inkingOn = (): boolean => pad.commands.some((c) => c[0] === STU_REPORT.inkingMode && c[1] === 1);
    await until(inkingOn, 'capture started');
    expect(pad.commands.some((c) => c[0] === STU_REPORT.clearScreen)).toBe(true);
    expect(stateOf(manager!.statuses(), 'signaturePad').state).toBe('busy');
    const started = Date.now();
    await pad.play([
      [{ x: 0.1, y: 0.5, p: 0.4 }, { x: 0.2, y: 0.4, p: 0.6 }, { x: 0.3, y: 0.6, p: 0.7 }, { x: 0.4, y: 0.5, p: 0.5 }],
      [{ x: 0.5, y: 0.3, p: 0.5 }, { x: 0.6, y: 0.7, p: 0.8 }],
    ]);
    const result = calls.captureSignature.output.parse(await capture);
    expect(Date.now() - started).toBeLessThan(5000); // ended by the lifted pen, not by the timeout
    expect(result.points).toBe(8); // 6 pen-down samples + one lift per stroke
    const png = Buffer.from(result.pngBase64, 'base64');
    expect(result.sha256).toBe(createHash('sha256').update(png).digest('hex'));
    const image = PNG.sync.read(png);
    expect([image.width, image.height]).toEqual([800, 480]);
    expect(image.data.some((v, i) => i % 4 === 3 && v > 0)).toBe(true); // ink is there
    expect(pad.commands.at(-1)).toEqual(Uint8Array.of(STU_REPORT.inkingMode, 0));
    expect(stateOf(manager!.statuses(), 'signaturePad').state).toBe('ready');
  });

  it('answers an empty signature at the timeout as a device error', async () => {
    const pad = createMockStuPad('STU-430'); // MOCK
    const h = start({ idCard: { transport: 'serial', baudRate: 115200 }, printer: { transport: 'serial', baudRate: 115200, paperWidthMm: 80 }, signaturePad: { transport: 'hid' } }, { pad });
    await manager!.start();
    const err = await Promise.resolve(h.captureSignature({ timeoutMs: 1000 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'device_error', messageKey: 'devices.error.signatureEmpty' });
  });

  it('tells the UI to use its on-screen pad when the pad is `screen`', async () => {
    const h = start({ idCard: { transport: 'serial', baudRate: 115200 }, printer: { transport: 'serial', baudRate: 115200, paperWidthMm: 80 }, signaturePad: screenPad });
    await manager!.start();
    const err = await Promise.resolve(h.captureSignature({ timeoutMs: 1000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'conflict', messageKey: 'devices.error.useScreenPad' });
  });

  it('lists serial ports in the contract shape', async () => {
    const h = start({ idCard: { transport: 'serial', baudRate: 115200 }, printer: { transport: 'serial', baudRate: 115200, paperWidthMm: 80 }, signaturePad: screenPad });
    const list = calls.listSerialPorts.output.parse(await h.listSerialPorts({}));
    expect(Array.isArray(list)).toBe(true);
    expect([...list].sort((a, b) => a.path.localeCompare(b.path))).toEqual(list);
  });
});
