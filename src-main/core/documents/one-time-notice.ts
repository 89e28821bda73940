/**
 * 一次性告知书 (one-time notice), as the Zhejiang 最多跑一次 rules require when an application is incomplete:
 * either accepted with deferrable (容缺) materials to bring by a deadline, or not accepted until everything
 * listed is brought. Thermal (ESC/POS) and A4 PDF from the same wording.
 */
import { escpos, PAPER, type PaperWidth } from '../../../native/printer/escpos';
import { createA4, finish, numberPages, type Pdf } from '../catalog/pdf-kit';
import {
  chineseDate, contentBox, COPY_MARK, documentHead, ensureSpace, fieldTable, HEAD_QR_SIZE, INK, MUTED, RULE, sectionTitle, signatureBlock,
  type DocumentPdfOptions,
} from './pdf-parts';

/** The provincial rule on one-time notices, cited on every notice after the item's own legal basis. */
export const ONE_TIME_NOTICE_BASIS = '《浙江省保障“最多跑一次”改革规定》第十一条';

export const ONE_TIME_NOTICE_TITLE = '一次性告知书';

/** One material the citizen has to bring. */
export interface NoticeMaterial {
  name: string;
  /** 原件份数 */
  originals: number;
  /** 复印件份数 */
  copies: number;
  note?: string;
}

interface OneTimeNoticeCommon {
  branchCode: string;
  windowNo: number;
  tellerId: string;
  /** Date of the notice, YYYY-MM-DD. */
  date: string;
  /** Already masked, e.g. '林**'. */
  applicantNameMasked: string;
  /** Already masked, e.g. '330303********1246'. */
  applicantIdMasked: string;
  itemCode: string;
  itemName: string;
  /** What to bring: the deferred materials (accepted_deferred) or everything missing (not_accepted). */
  materials: NoticeMaterial[];
  /** The item guide's legal basis lines; ONE_TIME_NOTICE_BASIS is appended by the document. */
  legalBasis: string[];
  /** The item's public guide page (printed as a QR code). */
  guideUrl: string;
  caseId: string;
  /** 登记编号 of the counter (DJ20260512-03-007): the reference when there is no case number yet. */
  registrationNo: string;
  /** Case number from the back office; null until the case has been submitted (always null when not accepted). */
  caseNo: string | null;
  enquiryPhone: string;
  /** Reprint: marked 副本 COPY. */
  copy?: boolean;
  /** The citizen's signature acknowledging receipt (A4 only). */
  signaturePng?: Uint8Array;
}

export type OneTimeNoticeData = OneTimeNoticeCommon &
  (
    | { outcome: 'accepted_deferred'; /** YYYY-MM-DD: bring the deferred materials by this date. */ deadline: string }
    | { outcome: 'not_accepted'; /** Optional YYYY-MM-DD by which to come back. */ deadline?: string | null }
  );

export interface NoticeWording {
  subtitle: string;
  /** '受理编号' or '登记编号' and its value. */
  reference: [string, string];
  intro: string;
  listTitle: string;
  closing: string;
  contact: string;
  legalBasis: string[];
}

/** '原件1份，复印件2份'. */
export function describeCopies(m: NoticeMaterial): string {
  const parts = [m.originals > 0 ? `原件${m.originals}份` : '', m.copies > 0 ? `复印件${m.copies}份` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join('，') : '按实际情况提供';
}

/** The formal wording of a notice (shared by the thermal and the A4 version). */
export function oneTimeNoticeWording(d: OneTimeNoticeData): NoticeWording {
  const item = `“${d.itemName}”（事项编码 ${d.itemCode}）`;
  const reference: [string, string] = d.caseNo ? ['受理编号', d.caseNo] : ['登记编号', d.registrationNo];
  let subtitle: string;
  let intro: string;
  let listTitle: string;
  if (d.outcome === 'accepted_deferred') {
    subtitle = '容缺受理';
    listTitle = '容缺待补材料';
    intro =
      `经初审，您申请办理的${item}主要申请材料齐全，予以容缺受理${d.caseNo ? `（受理编号 ${d.caseNo}）` : ''}。` +
      `尚缺以下材料，请于${chineseDate(d.deadline)}前补齐。逾期未补齐的，将依规定终止办理。`;
  } else {
    subtitle = '申请材料不齐全 暂不予受理';
    listTitle = '需补齐的材料';
    intro =
      `经初审，您申请办理的${item}申请材料不齐全，暂不予受理。尚缺以下材料，` +
      `请${d.deadline ? `于${chineseDate(d.deadline)}前` : ''}补齐后再次到窗口申请。` +
      '再次办理时请出示本告知书，窗口将在本次登记信息的基础上继续办理。';
  }
  return {
    subtitle,
    reference,
    intro,
    listTitle,
    closing: '本告知书一次性告知所需全部材料。除上述材料外，窗口不再要求您提供其他材料。',
    contact: `如有疑问，请拨打咨询电话 ${d.enquiryPhone}，或扫描二维码查看办事指南。`,
    legalBasis: [...new Set([...d.legalBasis, ONE_TIME_NOTICE_BASIS])],
  };
}

/** The notice on the receipt printer (58 mm: 32 columns, 80 mm: 48). */
export function oneTimeNoticeThermal(d: OneTimeNoticeData, paper: PaperWidth): Uint8Array {
  const { columns: cols, dots } = PAPER[paper];
  const w = oneTimeNoticeWording(d);
  const rule = '-'.repeat(cols);
  const b = escpos().init().align('center').bold(true).size(2, 2).wrapped(ONE_TIME_NOTICE_TITLE, cols).size(1, 1).bold(false);
  b.wrapped(`（${w.subtitle}）`, cols);
  if (d.copy) b.wrapped(`（${COPY_MARK}）`, cols);
  b.wrapped(`网点 ${d.branchCode}  ${d.windowNo}号窗口`, cols).align('left').line(rule);
  const wrapped = (text: string, indent = ''): void => void b.wrapped(text, cols, indent);
  const pair = (label: string, value: string): void => void b.pair(label, value, cols);
  pair(...w.reference);
  pair('事项', d.itemCode);
  wrapped(d.itemName);
  pair('申请人', d.applicantNameMasked);
  pair('证件号码', d.applicantIdMasked);
  pair('告知日期', d.date);
  if (d.outcome === 'accepted_deferred') pair('补齐期限', `${d.deadline}前`);
  b.line(rule);
  wrapped(w.intro);
  b.line(rule).bold(true);
  wrapped(`${w.listTitle}：`);
  b.bold(false);
  d.materials.forEach((m, i) => {
    wrapped(`${i + 1}. ${m.name}`, '   ');
    wrapped(`   ${describeCopies(m)}`, '   ');
    if (m.note) wrapped(`   （${m.note}）`, '   ');
  });
  b.line(rule);
  wrapped(w.closing);
  b.line('告知依据：');
  for (const l of w.legalBasis) wrapped(` · ${l}`, '    ');
  b.line(rule);
  pair('咨询电话', d.enquiryPhone);
  pair('经办柜员', d.tellerId);
  b.align('center').feed(1).qr(d.guideUrl, { moduleSize: paper === '58mm' ? 4 : 6 }).line('扫码查看办事指南');
  if (d.caseNo) b.code128OrText(d.caseNo, { height: 60, dots });
  return b.feed(2).cut({ partial: true }).build();
}

function materialsTable(doc: Pdf, materials: readonly NoticeMaterial[]): void {
  const { left } = contentBox(doc);
  const cols = [
    { title: '序号', width: 36 },
    { title: '材料名称', width: 200 },
    { title: '份数', width: 100 },
    { title: '说明', width: 163 },
  ];
  const row = (cells: string[], head: boolean): void => {
    doc.fontSize(10);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]!.width - 8 }))) + 10;
    ensureSpace(doc, h);
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      const cw = cols[i]!.width;
      if (head) doc.rect(x, y, cw, h).lineWidth(0.6).fillAndStroke('#f2f2f2', RULE);
      else doc.rect(x, y, cw, h).lineWidth(0.6).strokeColor(RULE).stroke();
      doc.fillColor(head ? MUTED : INK).text(c, x + 4, y + 5, { width: cw - 8 });
      x += cw;
    });
    doc.x = left;
    doc.y = y + h;
  };
  row(cols.map((c) => c.title), true);
  materials.forEach((m, i) => row([String(i + 1), m.name, describeCopies(m), m.note ?? ''], false));
  doc.fillColor(INK);
}

/** The notice as an A4 PDF with the Chinese font embedded, the guide's QR code and the citizen's signature. */
export async function oneTimeNoticePdf(d: OneTimeNoticeData, options: DocumentPdfOptions = {}): Promise<Buffer> {
  const w = oneTimeNoticeWording(d);
  const doc = createA4(options.font, { title: `${ONE_TIME_NOTICE_TITLE} ${w.reference[1]}` });
  const { left, width, top, titleWidth: titleW } = documentHead(doc, { copy: d.copy, qrUrl: d.guideUrl, qrCaption: '扫码查看办事指南', title: ONE_TIME_NOTICE_TITLE, titleTopOffset: 8 });
  doc.fontSize(12).text(`（${w.subtitle}）`, { width: titleW, align: 'center' });
  doc.moveDown(0.6).fontSize(10).fillColor(MUTED).text(`${w.reference[0]}：${w.reference[1]}`, { width: titleW, align: 'center' });
  doc.x = left;
  doc.y = Math.max(doc.y, top + HEAD_QR_SIZE + 16) + 6;

  fieldTable(
    doc,
    [
      ['申请人', d.applicantNameMasked],
      ['证件号码', d.applicantIdMasked],
      ['告知日期', chineseDate(d.date)],
      ['办理窗口', `${d.branchCode} ${d.windowNo}号窗口`],
    ],
    { pairs: 2 },
  );
  fieldTable(doc, [['申请事项', `${d.itemCode}  ${d.itemName}`]]);

  doc.moveDown(1).fontSize(11).fillColor(INK).text(`${d.applicantNameMasked}：`, left);
  doc.moveDown(0.3).text(w.intro, { indent: 22, lineGap: 3, width });
  sectionTitle(doc, `${w.listTitle}（共 ${d.materials.length} 项）`);
  materialsTable(doc, d.materials);
  if (d.outcome === 'accepted_deferred') {
    doc.moveDown(0.4).fontSize(11).text(`补齐期限：${chineseDate(d.deadline)}前`, left);
  }
  doc.moveDown(0.6).fontSize(11).text(w.closing, left, doc.y, { indent: 22, lineGap: 3, width });

  sectionTitle(doc, '告知依据');
  doc.fontSize(10);
  for (const l of w.legalBasis) doc.text(`• ${l}`, left, doc.y, { width, paragraphGap: 2 });
  doc.moveDown(0.6).fontSize(10).text(w.contact, left, doc.y, { width });

  signatureBlock(doc, {
    label: '申请人签收',
    png: d.signaturePng,
    right: [`经办柜员：${d.tellerId}`, `办理网点：${d.branchCode}`, `窗口：${d.windowNo}号窗口`, `日期：${chineseDate(d.date)}`],
    note: '电子签名与手写签名具有同等法律效力',
  });
  numberPages(doc, `${ONE_TIME_NOTICE_TITLE} ${w.reference[1]}`);
  return finish(doc);
}
