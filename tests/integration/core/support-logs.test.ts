import { describe, expect, it } from 'vitest';
import { call, startTestTerminal, terminalFixture } from './support';

const f = terminalFixture('onewindow-support-logs-');

describe("support's log filter", () => {
  it('a filter that cannot be read is refused on its field as bad input, not as an internal failure, and logs no error', async () => {
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: 'S0001' });
    const d = f.t!.core.dispatch;
    for (const since of ['', 'yesterday', '-1h', '1e3h', '2026-13-45', '999999999999d']) {
      expect(await d('readLogs', { since })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'since', message: 'issue.logs.since' }] } });
    }
    expect(await d('readLogs', { caseId: 'abc' })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'caseId', message: 'issue.logs.caseId' }] } });
    const lines = await call<{ level: string; msg: string }[]>(f.t!, 'readLogs', { since: '1h', level: 'error' });
    expect(lines.filter((l) => l.msg === 'call failed')).toEqual([]);
  });

  it('lists the newest entries first, so the first page of a period is its latest', async () => {
    f.t = await startTestTerminal(f.dir, f.sim, { signIn: 'S0001' });
    const lines = await call<{ time: string }[]>(f.t!, 'readLogs', { since: '2h', level: 'debug' });
    const times = lines.map((l) => Date.parse(l.time));
    expect(new Set(times).size).toBeGreaterThan(1);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
