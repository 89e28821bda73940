import type { DeviceStatus } from '../../../src-main/contract';
import { t, type MessageKey } from '../../i18n';

/** A device's state under a label, marked when the device is emulated: 读卡器：就绪（模拟） / Card reader: ready (emulated). */
export function deviceStateLabel(label: string, status: Pick<DeviceStatus, 'state' | 'emulated'>): string {
  const text = t('common.labelValue', { label, value: t(`status.device.${status.state}` as MessageKey) });
  return status.emulated ? t('status.emulatedTag', { label: text }) : text;
}
