import { Button, Card, Space, Spin } from 'antd';
import { useState, type ReactNode } from 'react';
import type { CatalogItem, ItemHit, ItemSummary } from '../../../src-main/contract/catalog';
import { t } from '../../i18n';
import { GuideView } from './GuideView';
import { ItemSearchBox } from './ItemSearchBox';

export interface CatalogBrowserProps {
  search: (query: string) => Promise<readonly (ItemHit | ItemSummary)[]> | readonly (ItemHit | ItemSummary)[];
  loadItem: (code: string) => Promise<CatalogItem>;
  /** Public guide URL for an item code, if the page should show it. */
  guideUrlOf?: (code: string) => string;
  onPrintGuidePdf?: (code: string) => void;
  onPrintGuideThermal?: (code: string) => void;
  /** Prints 《办事指南二维码手册》 (all 119 QR codes). */
  onPrintHandbook?: () => void;
  /** Offered under the guide for the teller to start a case of that item. */
  onStartCase?: (item: CatalogItem) => void;
  /** Shown while no item is open: every main item with its sub-items (a click opens the guide). */
  browse?: ReactNode | ((select: (hit: ItemSummary) => void) => ReactNode);
}

/** Search an item with the keyboard, read its guide, print it or the QR handbook. */
export function CatalogBrowser(props: CatalogBrowserProps) {
  const [picked, setPicked] = useState<ItemSummary | null>(null);
  const [item, setItem] = useState<CatalogItem | null>(null);
  const [loading, setLoading] = useState(false);

  async function select(hit: ItemSummary) {
    setPicked(hit);
    setLoading(true);
    try {
      setItem(await props.loadItem(hit.code));
    } finally {
      setLoading(false);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%' }} align="start">
        <div style={{ flex: 1, minWidth: 480 }}>
          <ItemSearchBox search={props.search} onSelect={(h) => void select(h)} />
        </div>
        {props.onPrintHandbook && (
          <Button size="large" onClick={props.onPrintHandbook} data-testid="print-qr-handbook">
            {t('catalog.browser.printHandbook')}
          </Button>
        )}
      </Space>
      {loading && <Spin />}
      {!item && !loading && (typeof props.browse === 'function' ? props.browse((h) => void select(h)) : props.browse)}
      {item && !loading && (
        <Card>
          <GuideView
            item={item}
            mainName={picked?.mainName}
            guideUrl={props.guideUrlOf?.(item.code)}
            onPrintPdf={props.onPrintGuidePdf ? () => props.onPrintGuidePdf!(item.code) : undefined}
            onPrintThermal={props.onPrintGuideThermal ? () => props.onPrintGuideThermal!(item.code) : undefined}
          />
          {props.onStartCase && (
            <Button type="primary" style={{ marginTop: 12 }} onClick={() => props.onStartCase!(item)} data-testid="guide-start-case">
              {t('catalog.browser.startCase')}
            </Button>
          )}
        </Card>
      )}
    </Space>
  );
}
