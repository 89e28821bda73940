import { Button, Card, Col, Row, Tag } from 'antd';
import type { CatalogMainGroup, ItemSummary } from '../../../src-main/contract';
import { t } from '../../i18n';

/** Every main item with its sub-items, shown by 办事指南 before anything is typed; a click opens the guide. */
export function CatalogTree({ groups, onSelect }: { groups: readonly CatalogMainGroup[]; onSelect: (item: ItemSummary) => void }) {
  const items = groups.reduce((n, g) => n + g.items.length, 0);
  return (
    <Card size="small" title={t('counter.guides.all', { main: groups.length, items })} data-testid="catalog-tree">
      <Row gutter={[8, 8]}>
        {groups.map((g) => (
          <Col span={8} key={g.code}>
            <div data-testid={`main-item-${g.code}`} className="catalog-main">
              <strong>{g.name}</strong> <Tag>{g.code}</Tag>
              {g.items.map((i) => (
                <div key={i.code}>
                  <Button type="link" size="small" onClick={() => onSelect(i)} data-testid={`tree-item-${i.code}`} style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}>
                    {i.code} {i.name}
                  </Button>
                </div>
              ))}
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
