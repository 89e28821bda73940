import { describe, expect, it } from 'vitest';
import { SamError } from '../../../native/idcard';
import { PrinterError } from '../../../native/printer';
import { SignatureError } from '../../../native/signature';
import { deviceDetailSchema } from '../../../src-main/contract';
import { DEVICE_DETAIL_KEYS, deviceDetail, idCardErrorDetail, printerErrorDetail, printerStatusDetail, signatureErrorDetail } from '../../../src-main/core/devices/device-detail';
import { tDevice } from '../../../src-renderer/i18n';
import { en } from '../../../src-renderer/i18n/messages/en';
import { zhCN } from '../../../src-renderer/i18n/messages/zh-CN';

const zh: Record<string, string | undefined> = zhCN;
const english: Record<string, string | undefined> = en;
const READY = { paperOut: false, paperNearEnd: false, coverOpen: false, cutterError: false, otherError: false, offline: false };

describe('device details', () => {
  it('every detail the core can give has its text in both languages, and the catalogs hold no other', () => {
    const keys = DEVICE_DETAIL_KEYS.map((k) => `device.detail.${k}`);
    expect(keys.filter((k) => !zh[k] || !english[k])).toEqual([]);
    expect(Object.keys(zhCN).filter((k) => k.startsWith('device.detail.') && !keys.includes(k))).toEqual([]);
    for (const k of DEVICE_DETAIL_KEYS) expect(deviceDetailSchema.safeParse(deviceDetail(k)).success).toBe(true);
  });

  it("maps each driver's codes and states to its own detail", () => {
    expect(idCardErrorDetail(new SamError('timeout', 'x'))).toEqual({ key: 'device.detail.idCard.timeout' });
    expect(idCardErrorDetail(SamError.fromStatus(0x41))).toEqual({ key: 'device.detail.idCard.samStatus', params: { code: '0x41' } });
    expect(idCardErrorDetail(new Error('other'))).toEqual({ key: 'device.detail.idCard.fault' });
    expect(printerErrorDetail(new PrinterError('bad_status', 'x'))).toEqual({ key: 'device.detail.printer.badStatus' });
    expect(signatureErrorDetail(new SignatureError('empty', 'x'))).toEqual({ key: 'device.detail.signaturePad.empty' });
    // The first reason that applies: paper out before an open cover; a printable printer has none.
    expect(printerStatusDetail({ ...READY, paperOut: true, coverOpen: true })).toEqual({ key: 'device.detail.printer.paperOut' });
    expect(printerStatusDetail({ ...READY, coverOpen: true })).toEqual({ key: 'device.detail.printer.coverOpen' });
    expect(printerStatusDetail(READY)).toBeNull();
  });

  it('reads in the teller language with its values and its cause put in', () => {
    expect(tDevice(deviceDetail('printer.testFailed', undefined, deviceDetail('printer.paperOut')))).toBe('测试页未能打印：打印机缺纸，请装纸');
    // A cause with a cause of its own gives the innermost, so no {cause} is left unfilled.
    const afterPrint = deviceDetail('printer.checkReceipt', undefined, deviceDetail('printer.paperOut'));
    expect(tDevice(deviceDetail('printer.testFailed', undefined, afterPrint))).toBe('测试页未能打印：打印机缺纸，请装纸');
    expect(tDevice(deviceDetail('signaturePad.ok', { width: 800, height: 480, levels: 1024 }))).toBe('签名板正常：屏幕 800×480，压感 1024 级');
    // A key this renderer does not know (a newer core) shows as itself, not as nothing.
    expect(tDevice({ key: 'device.detail.printer.somethingNew' })).toBe('device.detail.printer.somethingNew');
  });
});
