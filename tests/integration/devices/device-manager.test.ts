import { afterEach, describe, expect, it } from 'vitest';
import type { IdCardData } from '../../../native/idcard';
import type { IdCardEmulator } from '../../../native/idcard/emulator';
import { SAMPLE_CARDS } from '../../../native/idcard/sample-cards';
import type { PrinterEmulator } from '../../../native/printer/emulator';
import type { DeviceConfig } from '../../../src-main/contract';
import { createDeviceManager, type DeviceManager } from '../../../src-main/core/devices/device-manager';
import { silentLogger } from '../../../src-main/core/logging/types';
import { FAST, pluggablePrinter, pluggableReader, stateOf, until, type PluggablePort } from './helpers';

let manager: DeviceManager | null = null;
const ports: PluggablePort<IdCardEmulator | PrinterEmulator>[] = [];

afterEach(async () => {
  await manager?.close();
  manager = null;
  for (const p of ports.splice(0)) await p.dispose();
});

async function setup(): Promise<{ reader: PluggablePort<IdCardEmulator>; printer: PluggablePort<PrinterEmulator>; m: DeviceManager; cards: IdCardData[]; events: { n: number } }> {
  const reader = await pluggableReader();
  const printer = await pluggablePrinter();
  ports.push(reader, printer);
  const cards: IdCardData[] = [];
  const events = { n: 0 };
  const config: DeviceConfig = {
    idCard: { transport: 'serial', path: reader.path, baudRate: 115200 },
    printer: { transport: 'serial', path: printer.path, baudRate: 115200, paperWidthMm: 58 },
    signaturePad: { transport: 'screen' },
  };
  const m = createDeviceManager({ config, logger: silentLogger, onCard: (c) => cards.push(c), onStatus: () => events.n++, timing: FAST });
  manager = m;
  await m.start();
  return { reader, printer, m, cards, events };
}

describe('device manager over real ptys with the emulators', () => {
  it('reports every device ready and delivers a placed card once', async () => {
    const { reader, m, cards, events } = await setup();
    await until(() => m.statuses().every((s) => s.state === 'ready'), 'all devices ready');
    expect(m.statuses().map((s) => s.kind)).toEqual(['idCard', 'printer', 'signaturePad']);
    expect(stateOf(m.statuses(), 'idCard').transport).toBe(`serial ${reader.path}`);
    expect(stateOf(m.statuses(), 'signaturePad').transport).toBe('screen');
    expect(m.paperWidth()).toBe('58mm');
    expect(events.n).toBeGreaterThan(0);

    reader.emulator!.placeCard(SAMPLE_CARDS.residentLongwan);
    await until(() => cards.length === 1, 'card delivered');
    expect(cards[0]).toEqual(SAMPLE_CARDS.residentLongwan);
    await new Promise((r) => setTimeout(r, 300)); // several more polls with the card still there
    expect(cards).toHaveLength(1);
    expect(await m.readCard()).toEqual(SAMPLE_CARDS.residentLongwan);
  });

  it('survives the reader being unplugged and plugged back, without a new manager', async () => {
    const { reader, m, cards } = await setup();
    await until(() => stateOf(m.statuses(), 'idCard').state === 'ready', 'reader ready');

    await reader.unplug();
    await until(() => stateOf(m.statuses(), 'idCard').state === 'disconnected', 'reader disconnected');
    expect(stateOf(m.statuses(), 'idCard').detail).toEqual({ key: 'device.detail.idCard.reconnecting' });
    await expect(m.readCard()).rejects.toMatchObject({ name: 'SamError', message: 'ID-card reader is disconnected' });
    await new Promise((r) => setTimeout(r, 300)); // several failed reconnect attempts while it is away
    expect(stateOf(m.statuses(), 'idCard').state).toBe('disconnected');

    const emu = await reader.plug();
    await until(() => stateOf(m.statuses(), 'idCard').state === 'ready', 'reader back');
    emu.placeCard(SAMPLE_CARDS.hkmoTw);
    await until(() => cards.length === 1, 'card delivered after replug');
    expect(cards[0]).toEqual(SAMPLE_CARDS.hkmoTw);
    expect(await m.readCard()).toEqual(SAMPLE_CARDS.hkmoTw);
  });

  it('survives the printer being unplugged and prints after it is back', async () => {
    const { printer, m } = await setup();
    await until(() => stateOf(m.statuses(), 'printer').state === 'ready', 'printer ready');
    await printer.unplug();
    await until(() => stateOf(m.statuses(), 'printer').state === 'disconnected', 'printer disconnected');
    const emu = await printer.plug();
    await until(() => stateOf(m.statuses(), 'printer').state === 'ready', 'printer back');
    const { escpos } = await import('../../../native/printer');
    expect(await m.print('job-after-replug', escpos().init().line('重连后打印').cut().build())).toBe('printed');
    expect(emu.decoded().text).toContain('重连后打印');
  });

  it('shows paper out as a fault, holds a job, and prints it exactly once when paper is back', async () => {
    const { printer, m } = await setup();
    const emu = printer.emulator!;
    await until(() => stateOf(m.statuses(), 'printer').state === 'ready', 'printer ready');

    emu.setPaperOut(true);
    await until(() => stateOf(m.statuses(), 'printer').state === 'fault', 'paper-out fault');
    expect(stateOf(m.statuses(), 'printer').detail).toEqual({ key: 'device.detail.printer.paperOut' });

    const { escpos } = await import('../../../native/printer');
    const bytes = escpos().init().line('受理回执 测试').cut().build();
    expect(await m.print('job-1', bytes)).toBe('held');
    expect(emu.captured()).toHaveLength(0);

    emu.setPaperOut(false);
    await until(() => emu.jobs().length === 1, 'held job printed');
    await until(() => stateOf(m.statuses(), 'printer').state === 'ready', 'printer ready again');
    expect(await m.print('job-1', bytes)).toBe('printed'); // same id: not printed again
    await new Promise((r) => setTimeout(r, 300));
    expect(emu.jobs()).toHaveLength(1);
    expect(emu.jobs()[0]!.text).toContain('受理回执 测试');
  });

  it('runs emulated devices by default and places cards through the emulator controls', async () => {
    const cards: IdCardData[] = [];
    const m = createDeviceManager({
      config: { idCard: { transport: 'emulated', baudRate: 115200 }, printer: { transport: 'emulated', baudRate: 115200, paperWidthMm: 80 }, signaturePad: { transport: 'screen' } },
      logger: silentLogger,
      onCard: (c) => cards.push(c),
      onStatus: () => {},
      timing: FAST,
    });
    manager = m;
    await m.start();
    await until(() => m.statuses().every((s) => s.state === 'ready'), 'emulated devices ready');
    expect(m.statuses().slice(0, 2).every((s) => s.emulated)).toBe(true);
    expect(m.emulator).not.toBeNull();
    m.emulator!.place('foreign2023');
    await until(() => cards.length === 1, 'emulated card read');
    expect(cards[0]!.idNumber).toBe(SAMPLE_CARDS.foreign2023.idNumber);
    expect(await m.test('printer')).toEqual({ ok: true, detail: { key: 'device.detail.printer.testPrinted' } });
  });

  it('reports a reader that is not there as disconnected and picks it up when it appears', async () => {
    const reader = await pluggableReader();
    ports.push(reader);
    await reader.unplug(); // configured, but not plugged in when the terminal starts
    const m = createDeviceManager({
      config: { idCard: { transport: 'serial', path: reader.path, baudRate: 115200 }, printer: { transport: 'serial', baudRate: 115200, paperWidthMm: 80 }, signaturePad: { transport: 'screen' } },
      logger: silentLogger,
      onCard: () => {},
      onStatus: () => {},
      timing: FAST,
    });
    manager = m;
    await m.start();
    expect(stateOf(m.statuses(), 'idCard').state).toBe('disconnected');
    expect(stateOf(m.statuses(), 'printer')).toMatchObject({ state: 'absent', detail: { key: 'device.detail.printer.notConfigured' } });
    await reader.plug();
    await until(() => stateOf(m.statuses(), 'idCard').state === 'ready', 'late reader ready');
    expect(await m.readCard()).toBeNull();
  });
});
