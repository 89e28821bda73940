import { Typography } from 'antd';
import type { CaseView } from '../../src-main/contract';

export type Reason = NonNullable<CaseView['attentionReasons']>[number];

/**
 * Why the private line refused a case revision: one line per reason, the field path (as the server named it) and
 * its message. The core has already made the server's text safe to show (no control characters, capped, long
 * numbers masked); React escapes it.
 */
export function RefusalReasons({ reasons, id }: { reasons: Reason[]; id: string }) {
  if (reasons.length === 0) return null;
  return (
    <ul data-testid={`refusal-reasons-${id}`} style={{ margin: 0, paddingInlineStart: 18 }}>
      {reasons.map((r, i) => (
        <li key={i} data-field={r.field ?? ''}>
          {r.field && <Typography.Text code>{r.field}</Typography.Text>} {r.message}
        </li>
      ))}
    </ul>
  );
}
