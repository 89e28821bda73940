/**
 * 日终汇总表: the A4 sheet a teller signs at the end of the day (and the branch manager countersigns): the day's
 * cases by outcome, what is still unsent, citizens still to inform, errands handed over and reprints.
 */
import type { DailyClosing } from '../../contract';
import { createA4, finish, numberPages } from '../catalog/pdf-kit';
import { chinaMinute } from '../../contract/result-fields';
import { chineseDate, contentBox, COPY_MARK, cornerMarker, fieldTable, INK, markAsCopy, sectionTitle, type DocumentPdfOptions } from '../documents/pdf-parts';

export const CLOSING_TITLE = '日终汇总表';

export async function dailyClosingPdf(d: DailyClosing, opts: DocumentPdfOptions & { copy?: boolean } = {}): Promise<Buffer> {
  const doc = createA4(opts.font, { title: `${CLOSING_TITLE} ${d.date} ${d.windowNo}号窗口` });
  if (opts.copy) {
    markAsCopy(doc);
    cornerMarker(doc, COPY_MARK);
  }
  const { left, width } = contentBox(doc);
  doc.fontSize(20).fillColor(INK).text(CLOSING_TITLE, left, doc.y, { width, align: 'center', characterSpacing: 3 });
  doc.moveDown(0.6);
  fieldTable(
    doc,
    [
      ['日期', chineseDate(d.date)],
      ['网点', d.branchCode],
      ['窗口', `${d.windowNo}号窗口`],
      ['柜员', d.tellerId],
      ['日结时间', d.closedAt ? (chinaMinute(d.closedAt) ?? d.closedAt) : '未日结'],
      ['运行模式', d.training ? '培训模式（测试库）' : '生产'],
    ],
    { pairs: 2 },
  );
  sectionTitle(doc, '办件结果');
  fieldTable(doc, [...d.byOutcome.map((o) => [o.statusText, `${o.cases} 件`] as const), ['合计', `${d.total} 件`]], { labelWidth: 160 });
  sectionTitle(doc, '待处理与交接');
  fieldTable(
    doc,
    [
      ['未上传（待发送或退回）', `${d.unsent} 件`],
      ['待告知申请人', `${d.toInform} 件`],
      ['代跑腿已交接', `${d.errandCases} 件 / ${d.errandBatches} 批`],
      ['补打（重打）', `${d.reprints} 次`],
    ],
    { labelWidth: 160 },
  );
  doc.moveDown(2).fontSize(11).fillColor(INK);
  const y = doc.y;
  const half = width / 2;
  for (const [x, role] of [[left, '柜员签字'], [left + half, '网点负责人签字']] as const) {
    doc.text(`${role}：`, x, y);
    doc.moveTo(x + 80, y + 14).lineTo(x + half - 24, y + 14).lineWidth(0.6).strokeColor(INK).stroke();
  }
  doc.x = left;
  doc.y = y + 40;
  numberPages(doc, `${CLOSING_TITLE} ${d.date}`);
  return finish(doc);
}
