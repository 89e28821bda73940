import type { DeviceConfig } from '../../contract';

export interface SettingsIssue {
  path: string;
  message: string;
}

/**
 * What the schema alone cannot say about device settings: each transport's required fields. Messages are for
 * branch IT on the settings screen (Chinese); paths are those of the contract's device config.
 */
export function deviceSettingsIssues(c: DeviceConfig): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const need = (ok: boolean, path: string, message: string): void => {
    if (!ok) issues.push({ path, message });
  };
  const filled = (s: string | undefined): boolean => !!s && s.trim().length > 0;

  if (c.idCard.transport === 'serial') need(filled(c.idCard.path), 'idCard.path', '请选择读卡器的串口');
  if (c.printer.transport === 'serial') need(filled(c.printer.path), 'printer.path', '请选择打印机的串口');
  if (c.printer.transport === 'file') need(filled(c.printer.path), 'printer.path', '请填写打印机设备文件，例如 /dev/usb/lp0');
  if (c.printer.transport === 'tcp') need(filled(c.printer.host), 'printer.host', '请填写网络打印机的地址');
  if (c.printer.transport === 'spooler') need(filled(c.printer.printerName), 'printer.printerName', '请填写 Windows 中打印机的名称');
  if (c.idCard.transport === 'serial' && c.printer.transport === 'serial' && c.idCard.path && c.idCard.path === c.printer.path) {
    issues.push({ path: 'printer.path', message: '打印机与读卡器不能使用同一个串口' });
  }
  return issues;
}
