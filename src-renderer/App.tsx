import { Col, ConfigProvider, Row, Space, App as AntApp } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enLocale from 'antd/locale/en_US';
import { useEffect } from 'react';
import { ApplicantPanel } from './components/ApplicantPanel';
import { CaseList } from './components/CaseList';
import { CaseResult } from './components/CaseResult';
import { IntakeForm } from './components/IntakeForm';
import { ItemPicker } from './components/ItemPicker';
import { StatusBar } from './components/StatusBar';
import { useLocale } from './i18n';
import { useTerminal } from './stores/terminal';

export function App() {
  const locale = useLocale();
  const init = useTerminal((s) => s.init);
  const item = useTerminal((s) => s.item);
  const current = useTerminal((s) => s.current);
  useEffect(() => {
    void init();
  }, [init]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNLocale : enLocale} theme={{ token: { fontSize: 15 } }}>
      <AntApp>
        <StatusBar />
        <main className="workspace">
          <Row gutter={12}>
            <Col span={7}>
              <ApplicantPanel />
            </Col>
            <Col span={17}>
              <Space direction="vertical" style={{ width: '100%' }} size="middle">
                {current ? <CaseResult c={current} /> : <ItemPicker />}
                {!current && item && <IntakeForm item={item} />}
                <CaseList />
              </Space>
            </Col>
          </Row>
        </main>
      </AntApp>
    </ConfigProvider>
  );
}
