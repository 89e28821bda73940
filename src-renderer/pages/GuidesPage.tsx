import { message } from 'antd';
import { useEffect, useState } from 'react';
import type { CatalogItem, CatalogMainGroup } from '../../src-main/contract';
import { CatalogTree } from '../features/counter/CatalogTree';
import { ApiError, api } from '../api/client';
import { downloadDocument } from '../api/documents';
import { CatalogBrowser, useItemSearch } from '../features/catalog';
import { t, tError } from '../i18n';
import { useTerminal } from '../stores/terminal';

async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ApiError) void message.error(tError(err.error));
  }
}

/** 办事指南: any item's guide on screen, on A4 or on the receipt printer, and the QR handbook. */
export function GuidesPage({ onStartCase }: { onStartCase: (item: CatalogItem) => void }) {
  const setItem = useTerminal((s) => s.setItem);
  const search = useItemSearch();
  const [tree, setTree] = useState<CatalogMainGroup[]>([]);
  useEffect(() => {
    void api.catalogTree({}).then(setTree);
  }, []);
  return (
    <CatalogBrowser
      browse={(select) => <CatalogTree groups={tree} onSelect={select} />}
      search={search}
      loadItem={(code) => api.getItem({ code })}
      onPrintGuidePdf={(code) => void guarded(async () => downloadDocument(await api.guidePdf({ code })))}
      onPrintGuideThermal={(code) =>
        void guarded(async () => {
          const r = await api.printGuide({ code });
          if (r.state === 'printed') void message.success(t('case.printed'));
          else void message.warning(t('case.printHeld'));
        })
      }
      onPrintHandbook={() => void guarded(async () => downloadDocument(await api.qrHandbookPdf({})))}
      onStartCase={(item) => {
        setItem(item);
        onStartCase(item);
      }}
    />
  );
}
