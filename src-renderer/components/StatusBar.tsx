import { Space, Tag, Tooltip } from 'antd';
import type { DeviceStatus, LineStatus } from '../../src-main/contract';
import { t, tDevice, type MessageKey } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { useTerminal } from '../stores/terminal';
import { deviceStateLabel } from '../features/devices/state-label';

const LINE_COLOR: Record<LineStatus['line'], string> = { up: 'green', degraded: 'orange', down: 'red', paused: 'red', unknown: 'default' };
const DEVICE_COLOR: Record<DeviceStatus['state'], string> = { ready: 'green', busy: 'blue', fault: 'red', disconnected: 'red', absent: 'default' };

function age(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return t('status.age.seconds', { n: Math.floor(ms / 1000) });
  if (min < 60) return t('status.age.minutes', { n: min });
  return t('status.age.hours', { h: Math.floor(min / 60), m: min % 60 });
}

const LINE_HINT: Partial<Record<LineStatus['line'], MessageKey>> = { degraded: 'status.lineHint.degraded', down: 'status.lineHint.down', paused: 'status.lineHint.paused' };

/** A line's state with what it means for the teller; the line's technical error is for support (支持 page). */
function Line({ name, status }: { name: 'si' | 'tax'; status: LineStatus }) {
  const label = t('common.labelValue', { label: t(`status.line.${name}` as MessageKey), value: t(`status.line.${status.line}` as MessageKey) });
  const hint = LINE_HINT[status.line];
  const details = [
    hint ? t(hint) : null,
    status.oldestUnsentAgeMs !== null ? t('status.oldest', { age: age(status.oldestUnsentAgeMs) }) : null,
    status.skewMs !== null && Math.abs(status.skewMs) > 120_000 ? t('status.skew', { s: Math.round(status.skewMs / 1000) }) : null,
  ].filter(Boolean);
  return (
    <Tooltip title={details.join(' · ') || undefined}>
      <Tag color={LINE_COLOR[status.line]} data-testid={`line-${name}`} data-state={status.line}>
        {label}
      </Tag>
    </Tooltip>
  );
}

export function StatusBar() {
  const session = useTerminal((s) => s.session);
  const status = useTerminal((s) => s.status);
  // Who is at the window: 柜员 for anyone with a window role, else their role (a branch admin or support engineer).
  const role = useTerminal((s) => (!s.caller || s.caller.roles.includes('teller') ? 'teller' : (s.caller.roles[0] ?? 'teller')));
  return (
    <div className="status-bar" data-testid="status-bar">
      <Space size="small" wrap>
        {session && (
          <>
            <strong>{t('app.title')}</strong>
            <Tag data-testid="status-person">{`${t(`people.role.${role}`)} ${session.tellerId}`}</Tag>
            <Tag>{t('status.window', { n: session.windowNo })}</Tag>
            {session.mode !== 'production' && <Tag color="purple">{t(`status.mode.${session.mode}` as MessageKey)}</Tag>}
          </>
        )}
        {status && (
          <>
            <Line name="si" status={status.lines.si} />
            <Line name="tax" status={status.lines.tax} />
            {status.devices.map((d) => (
              <Tooltip key={d.kind} title={[d.detail ? tDevice(d.detail) : null, d.rejectedReads ? t('status.device.rejectedReads', { n: d.rejectedReads }) : null].filter(Boolean).join(' · ') || undefined}>
                <Tag color={DEVICE_COLOR[d.state]} data-testid={`device-${d.kind}`} data-state={d.state} data-rejected={d.rejectedReads ?? 0}>
                  {deviceStateLabel(t(`status.device.${d.kind}` as MessageKey), d)}
                </Tag>
              </Tooltip>
            ))}
            <Tag color={status.unsent > 0 ? 'gold' : 'default'} data-testid="unsent" data-count={status.unsent}>
              {t('status.unsent', { n: status.unsent })}
            </Tag>
          </>
        )}
        <LanguageSwitch size="small" type="link" />
      </Space>
    </div>
  );
}
