import { Col, ConfigProvider, Row, Space, Tabs, App as AntApp } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enLocale from 'antd/locale/en_US';
import { useEffect, useState } from 'react';
import { GuidesPage } from './pages/GuidesPage';
import { WorklistPage } from './pages/WorklistPage';
import { ErrandsPage } from './pages/ErrandsPage';
import { SupportPage } from './pages/SupportPage';
import { SettingsPage } from './pages/SettingsPage';
import { api } from './api/client';
import { DeviceSettings } from './features/devices';
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

export function App() {
  const locale = useLocale();
  const init = useTerminal((s) => s.init);
  const item = useTerminal((s) => s.item);
  const current = useTerminal((s) => s.current);
  const resuming = useTerminal((s) => s.resuming);
  const status = useTerminal((s) => s.status);
  const setResuming = useTerminal((s) => s.setResuming);
  const [page, setPage] = useState('intake');
  const [firstRun, setFirstRun] = useState(false);
  useEffect(() => {
    void api.getTerminalSettings({}).then((s) => setFirstRun(!!s.configFile && !s.configured));
  }, []);
  useHotkey('F4', () => setPage('worklist'));
  useHotkey('F6', () => setPage('errands'));
  useHotkey('F1', () => setPage('intake'));
  useHotkey('F3', () => setPage('guides'));
  useEffect(() => {
    void init();
  }, [init]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enLocale} theme={{ token: { fontSize: 15 } }}>
      <AntApp>
        <StatusBar />
        <main className="workspace">
          {firstRun ? (
            <SettingsPage firstRun onStarted={() => setFirstRun(false)} />
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
                children: <WorklistPage />,
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
                key: 'devices',
                label: <span data-testid="tab-devices">{t('nav.devices')}</span>,
                children: <DeviceSettings statuses={status?.devices} />,
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
            ]}
          />
          )}
        </main>
      </AntApp>
    </ConfigProvider>
  );
}
