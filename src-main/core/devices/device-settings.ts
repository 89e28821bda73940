import { issueAt, type CallIssue, type DeviceConfig, type IssueKey } from '../../contract';

/**
 * What the schema alone cannot say about device settings: each transport's required fields. Issues for branch IT on
 * the settings screen (keys the renderer says in its language); paths are those of the contract's device config.
 */
export function deviceSettingsIssues(c: DeviceConfig): CallIssue[] {
  const issues: CallIssue[] = [];
  const need = (ok: boolean, path: string, key: IssueKey): void => {
    if (!ok) issues.push(issueAt(path, key));
  };
  const filled = (s: string | undefined): boolean => !!s && s.trim().length > 0;

  if (c.idCard.transport === 'serial') need(filled(c.idCard.path), 'idCard.path', 'issue.device.idCardPort');
  if (c.printer.transport === 'serial') need(filled(c.printer.path), 'printer.path', 'issue.device.printerPort');
  if (c.printer.transport === 'file') need(filled(c.printer.path), 'printer.path', 'issue.device.printerFile');
  if (c.printer.transport === 'tcp') need(filled(c.printer.host), 'printer.host', 'issue.device.printerHost');
  if (c.printer.transport === 'spooler') need(filled(c.printer.printerName), 'printer.printerName', 'issue.device.printerName');
  if (c.idCard.transport === 'serial' && c.printer.transport === 'serial' && c.idCard.path && c.idCard.path === c.printer.path) {
    issues.push(issueAt('printer.path', 'issue.device.samePort'));
  }
  return issues;
}
