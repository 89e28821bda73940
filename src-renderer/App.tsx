import { Col, ConfigProvider, Row, Space, Tabs, App as AntApp } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enLocale from 'antd/locale/en_US';
import { useEffect, useState } from 'react';
import { GuidesPage } from './pages/GuidesPage';
import { WorklistPage } from './pages/WorklistPage';
import { ErrandsPage } from './pages/ErrandsPage';
import { SupportPage } from './pages/SupportPage';
import { SettingsPage } from './pages/SettingsPage';
import { DailyClosingPage } from './pages/DailyClosingPage';
import { EmptyState } from './features/counter/EmptyState';
import { api } from './api/client';
import { DeviceSettings } from './features/devices';
import { ItemGateNotice, PracticeBanner, PracticePage, usePractice } from './features/training';
import { ReportsPage } from './features/reports';
import { ApplicantHistory } from './components/ApplicantHistory';
import { ResumePanel } from './components/ResumePanel';
import { ApplicantPanel } from './components/ApplicantPanel';
import { CaseList } from './components/CaseList';
import { CaseResult } from './components/CaseResult';
import { IntakeForm } from './components/IntakeForm';
import { ItemPicker } from './components/ItemPicker';
import { StatusBar } from './components/StatusBar';
import { t, useLocale } from './i18n';
import { useHotkey } from './hooks/useHotkey';
import { useTerminal } from './stores/terminal';
import { SessionBar, SignInPage, UsersPage } from './features/people';
import type { WindowState } from '../src-main/contract';
import { tabAllowed } from './features/people/tabs';

/**
 * antd in zero-runtime mode: its component styles come from the prebuilt antd.css (imported in main.tsx) instead of
 * being generated in the page at every first render, the larger part of a cold start's and a keystroke's script time
 * (npm run bench -- cold-start / ui-keystroke); the design tokens still arrive as CSS variables. No motion: a field
 * taking the focus, a list or a dialog appears at once, instead of restyling and repainting the screen for the 0.1–0.3 s
 * of a fade after every key.
 */
const TELLER_THEME = { zeroRuntime: true, token: { fontSize: 15, motion: false } };
/**
 * What both of the teller's providers (sign-in and signed in) share: the theme, no ripple after a click (it
 * animates the compositor for a run of frames the teller has no use for), and no space put into a two-character
 * Chinese button label (签到 read 「签 到」).
 */
const TELLER_PROVIDER = { theme: TELLER_THEME, wave: { disabled: true }, button: { autoInsertSpace: false } };

/** The device page with the live statuses: the only part of the screen that follows every status change. */
function LiveDeviceSettings() {
  const devices = useTerminal((s) => s.status?.devices);
  return <DeviceSettings statuses={devices} />;
}

export function App() {
  const locale = useLocale();
  const init = useTerminal((s) => s.init);
  const item = useTerminal((s) => s.item);
  const current = useTerminal((s) => s.current);
  const resuming = useTerminal((s) => s.resuming);
  const setResuming = useTerminal((s) => s.setResuming);
  const [page, setPage] = useState('intake');
  // Who is at the window: nothing of the work screens is shown (or asked of the core) before sign-in.
  const [windowState, setWindowState] = useState<WindowState | null>(null);
  useEffect(() => {
    void api.windowState({}).then(setWindowState);
  }, []);
  const who = windowState?.user ?? null;
  const firstRun = !!who && !!windowState?.firstRun && who.roles.includes('branch_admin');
  useHotkey('F4', () => setPage('worklist'));
  useHotkey('F6', () => setPage('errands'));
  useHotkey('F1', () => setPage('intake'));
  useHotkey('F3', () => setPage('guides'));
  useHotkey('F7', () => setPage('practice'));
  useHotkey('F5', () => setPage('reports'));
  useEffect(() => {
    if (who) {
      void init(who);
      void usePractice.getState().load();
    }
  }, [init, who]);
  useEffect(() => {
    if (who && !tabAllowed('intake', who)) setPage(['support', 'settings'].find((k) => tabAllowed(k, who)) ?? 'guides');
  }, [who]);
  if (!windowState) return null;
  if (!who) {
    return (
      <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enLocale} {...TELLER_PROVIDER}>
        <AntApp>
          <SignInPage state={windowState} onSignedIn={(user) => setWindowState({ ...windowState, user })} />
        </AntApp>
      </ConfigProvider>
    );
  }
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCNLocale : enLocale}
      {...TELLER_PROVIDER}
      renderEmpty={() => <EmptyState />}
    >
      <AntApp>
        <PracticeBanner />
        <StatusBar />
        <SessionBar who={who} />
        <main className="workspace">
          {firstRun ? (
            <SettingsPage firstRun onStarted={() => windowState && setWindowState({ ...windowState, firstRun: false })} />
          ) : (
          <Tabs
            activeKey={page}
            onChange={setPage}
            items={[
              {
                key: 'intake',
                label: <span data-testid="tab-intake">{t('nav.intake')} (F1)</span>,
                children: (
                  <Row gutter={12}>
                    <Col span={7}>
                      <ApplicantPanel />
                      <ApplicantHistory onResume={setResuming} />
                    </Col>
                    <Col span={17}>
                      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
                        {current ? <CaseResult c={current} /> : resuming ? <ResumePanel c={resuming} /> : <ItemPicker />}
                        {!current && !resuming && item && <ItemGateNotice item={item} />}
                        {!current && !resuming && item && <IntakeForm item={item} />}
                        <CaseList />
                      </Space>
                    </Col>
                  </Row>
                ),
              },
              {
                key: 'worklist',
                label: <span data-testid="tab-worklist">{t('nav.worklist')} (F4)</span>,
                children: <WorklistPage onOpenReports={who && tabAllowed('reports', who) ? () => setPage('reports') : undefined} />,
              },
              {
                key: 'errands',
                label: <span data-testid="tab-errands">{t('nav.errands')} (F6)</span>,
                children: <ErrandsPage />,
              },
              {
                key: 'guides',
                label: <span data-testid="tab-guides">{t('nav.guides')} (F3)</span>,
                children: <GuidesPage onStartCase={() => setPage('intake')} />,
              },
              {
                key: 'practice',
                label: <span data-testid="tab-practice">{t('nav.practice')} (F7)</span>,
                children: <PracticePage active={page === 'practice'} onStarted={() => setPage('intake')} />,
              },
              {
                key: 'closing',
                label: <span data-testid="tab-closing">{t('counter.closing.nav')}</span>,
                // Mounted afresh each time it is opened: the figures are those of that moment.
                children: <DailyClosingPage key={page === 'closing' ? 'open' : 'closed'} />,
              },
              {
                key: 'reports',
                label: <span data-testid="tab-reports">{t('nav.reports')} (F5)</span>,
                children: <ReportsPage />,
              },
              {
                key: 'devices',
                label: <span data-testid="tab-devices">{t('nav.devices')}</span>,
                children: <LiveDeviceSettings />,
              },
              {
                key: 'support',
                label: <span data-testid="tab-support">{t('nav.support')}</span>,
                children: <SupportPage />,
              },
              {
                key: 'settings',
                label: <span data-testid="tab-settings">{t('nav.settings')}</span>,
                children: <SettingsPage />,
              },
              {
                key: 'users',
                label: <span data-testid="tab-users">{t('nav.users')}</span>,
                children: <UsersPage />,
              },
            ].filter((tab) => tabAllowed(tab.key, who))}
          />
          )}
        </main>
      </AntApp>
    </ConfigProvider>
  );
}
