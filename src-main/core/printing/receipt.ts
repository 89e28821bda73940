import { escpos, PAPER, type PaperWidth } from '../../../native/printer/escpos';

/** What an acceptance receipt (受理回执) shows. Personal data arrives masked; nothing here is looked up. */
export interface ReceiptData {
  title: string;
  branchCode: string;
  windowNo: number;
  tellerId: string;
  caseId: string;
  caseNo: string | null;
  /** The citizen's queue ticket number (排队号), when the teller took one. */
  queueNo?: string | null;
  itemCode: string;
  itemName: string;
  applicantNameMasked: string;
  applicantIdMasked: string;
  statusText: string;
  acceptedAt: string; // 2026-11-28 09:15
  promisedDate: string | null;
  materialsReceived: string[];
  materialsDeferred: string[];
  feedbackText: string;
  result: [string, string][];
  progressUrl: string;
  copy: boolean;
}

/** Lays out an acceptance receipt in ESC/POS for 58 mm or 80 mm paper; every line wraps to the paper's cells. */
export function acceptanceReceipt(d: ReceiptData, paper: PaperWidth): Uint8Array {
  const { columns: cols, dots } = PAPER[paper];
  const rule = '-'.repeat(cols);
  const b = escpos().init().align('center').bold(true).size(2, 2).wrapped(d.title, cols).size(1, 1).bold(false);
  if (d.copy) b.line('（副本 COPY）');
  b.wrapped(`网点 ${d.branchCode}  ${d.windowNo}号窗口`, cols).align('left').line(rule);
  b.pair('受理编号', d.caseNo ?? '待回传', cols);
  if (d.queueNo) b.pair('排队号', d.queueNo, cols);
  b.pair('事项', d.itemCode, cols).wrapped(d.itemName, cols);
  b.pair('申请人', d.applicantNameMasked, cols);
  b.pair('证件号码', d.applicantIdMasked, cols);
  b.pair('状态', d.statusText, cols);
  b.pair('受理时间', d.acceptedAt, cols);
  if (d.promisedDate) b.pair('承诺办结', d.promisedDate, cols);
  for (const [k, v] of d.result) b.pair(k, v, cols);
  if (d.materialsReceived.length > 0) {
    b.line(rule).line('已收材料：');
    for (const m of d.materialsReceived) b.wrapped(` · ${m}`, cols, '    ');
  }
  if (d.materialsDeferred.length > 0) {
    b.line('容缺待补：');
    for (const m of d.materialsDeferred) b.wrapped(` · ${m}`, cols, '    ');
  }
  b.line(rule).pair('结果告知', d.feedbackText, cols).pair('经办柜员', d.tellerId, cols);
  b.align('center').feed(1).qr(d.progressUrl, { moduleSize: paper === '58mm' ? 4 : 6 }).line('扫码查询办理进度');
  b.code128OrText(d.caseNo ?? d.caseId.slice(0, 18), { height: 60, dots });
  return b.feed(2).cut({ partial: true }).build();
}
