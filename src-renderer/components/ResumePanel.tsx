import { Button, Card, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseView, CatalogItem } from '../../src-main/contract';
import { api } from '../api/client';
import { t } from '../i18n';
import { useHotkey } from '../hooks/useHotkey';
import { useTerminal } from '../stores/terminal';
import { guarded } from './CaseResult';
import { allReceived, MaterialsChecklist, materialInputs, type MaterialState } from './MaterialsChecklist';

/** The return visit: the refused intake is completed with the materials the citizen now brings. */
export function ResumePanel({ c }: { c: CaseView }) {
  const accepted = useTerminal((s) => s.accepted);
  const setResuming = useTerminal((s) => s.setResuming);
  const [item, setItem] = useState<CatalogItem | null>(null);
  const [materials, setMaterials] = useState<MaterialState>({});
  useEffect(() => {
    void api.getItem({ code: c.itemCode }).then(setItem);
  }, [c.itemCode]);
  const submit = () => guarded(async () => accepted(await api.resumeCase({ caseId: c.caseId, materials: materialInputs(item!.materials, materials) })));
  useHotkey('F8', () => item && setMaterials(allReceived(item.materials)));
  useHotkey('F9', () => void submit(), !!item);
  if (!item) return null;
  return (
    <Card size="small" title={t('common.labelValue', { label: t('resume.title'), value: c.itemName })} data-testid="resume-panel">
      <MaterialsChecklist materials={item.materials} value={materials} onChange={setMaterials} />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" size="large" onClick={() => void submit()} data-testid="resume-submit">
          {t('resume.submit')} (F9)
        </Button>
        <Button onClick={() => setResuming(null)}>{t('form.cancel')}</Button>
      </Space>
    </Card>
  );
}
