import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../native/printer';
import { deviceConfigSchema } from '../../../src-main/contract';
import { deviceSettingsIssues } from '../../../src-main/core/devices/device-settings';
import { testPageBytes } from '../../../src-main/core/devices/printer-device';
import { parseUsbId } from '../../../src-main/core/devices/timing';

const settings = (input: unknown) => deviceConfigSchema.parse(input);

describe('device settings validation', () => {
  it('accepts the defaults (everything emulated, on-screen signature)', () => {
    expect(deviceSettingsIssues(settings({}))).toEqual([]);
  });

  it('names every missing field per transport', () => {
    expect(deviceSettingsIssues(settings({ idCard: { transport: 'serial' }, printer: { transport: 'file' } }))).toEqual([
      { path: 'idCard.path', message: 'issue.device.idCardPort' },
      { path: 'printer.path', message: 'issue.device.printerFile' },
    ]);
    expect(deviceSettingsIssues(settings({ printer: { transport: 'tcp', host: '  ' } })).map((i) => i.path)).toEqual(['printer.host']);
    expect(deviceSettingsIssues(settings({ printer: { transport: 'serial' } })).map((i) => i.path)).toEqual(['printer.path']);
    expect(deviceSettingsIssues(settings({ printer: { transport: 'spooler' } }))).toEqual([{ path: 'printer.printerName', message: 'issue.device.printerName' }]);
  });

  it('refuses the reader and the printer on one serial port', () => {
    const issues = deviceSettingsIssues(settings({ idCard: { transport: 'serial', path: 'COM3' }, printer: { transport: 'serial', path: 'COM3' } }));
    expect(issues).toEqual([{ path: 'printer.path', message: 'issue.device.samePort' }]);
  });

  it('accepts complete settings of every transport', () => {
    for (const printer of [
      { transport: 'serial', path: '/dev/ttyUSB1' },
      { transport: 'tcp', host: '192.168.1.50', port: 9100 },
      { transport: 'file', path: '/dev/usb/lp0' },
      { transport: 'spooler', printerName: 'EPSON TM-T82III Receipt' },
      { transport: 'emulated' },
    ]) {
      expect(deviceSettingsIssues(settings({ idCard: { transport: 'usb', usbId: '0400:c35a' }, printer, signaturePad: { transport: 'hid' } }))).toEqual([]);
    }
  });
});

describe('device helpers', () => {
  it('parses USB ids', () => {
    expect(parseUsbId('0400:C35A')).toEqual({ vendorId: 0x0400, productId: 0xc35a });
    expect(parseUsbId('056a:00a5')).toEqual({ vendorId: 0x056a, productId: 0x00a5 });
  });

  it('lays out a test page that decodes to its title, paper width and connection, with one cut', () => {
    const printed = decodeEscPos(testPageBytes('58mm', 'tcp 192.168.1.50:9100', new Date(2025, 0, 2, 3, 4, 5)));
    expect(printed.text).toContain('打印测试页');
    expect(printed.text).toContain('纸宽：58mm');
    expect(printed.text).toContain('连接：tcp 192.168.1.50:9100');
    expect(printed.text).toContain('2025');
    expect(printed.cuts).toBe(1);
  });
});
