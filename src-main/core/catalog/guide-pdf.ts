/** A4 PDF of one item's guide (办事指南), GB/T 39046 fields, Chinese font embedded, with its QR code. */
import { describeFee, describeLimit, guideUrl, KIND_LABEL, type CatalogItem } from '../../contract/catalog';
import { createA4, drawQr, finish, numberPages, type CjkFontOptions, type Pdf } from './pdf-kit';

export interface GuidePdfOptions {
  /** Name of the item's main item (for the heading). */
  mainName: string;
  /** Public guide base URL (config `guideBaseUrl`); the page carries a QR code to the item's guide. */
  guideBaseUrl: string;
  font?: CjkFontOptions;
}

const INK = '#000000';
const MUTED = '#555555';
const ACCENT = '#1f4e8c';

function heading(doc: Pdf, text: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
  doc.moveDown(0.6).fontSize(12).fillColor(ACCENT).text(text).fillColor(INK).moveDown(0.2);
}

function lines(doc: Pdf, items: readonly string[], numbered = false): void {
  doc.fontSize(10);
  items.forEach((t, i) => doc.text(numbered ? `${i + 1}. ${t}` : `• ${t}`, { indent: 0, paragraphGap: 2 }));
}

function field(doc: Pdf, label: string, value: string): void {
  doc.fontSize(10).fillColor(MUTED).text(`${label}：`, { continued: true }).fillColor(INK).text(value, { paragraphGap: 2 });
}

function materialsTable(doc: Pdf, item: CatalogItem): void {
  const left = doc.page.margins.left;
  const cols = [
    { title: '序号', width: 32 },
    { title: '材料名称', width: 250 },
    { title: '原件', width: 38 },
    { title: '复印件', width: 44 },
    { title: '是否必需', width: 54 },
    { title: '可容缺', width: 44 },
  ];
  const row = (cells: string[], color: string) => {
    doc.fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.width - 6 }))) + 6;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.fillColor(color).text(c, x + 3, y + 3, { width: cols[i]!.width - 6 });
      x += cols[i]!.width;
    });
    doc.moveTo(left, y + height).lineTo(x, y + height).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
    doc.x = left;
    doc.y = y + height;
  };
  row(cols.map((c) => c.title), ACCENT);
  for (const [i, m] of item.materials.entries()) {
    const name = m.note ? `${m.name}\n（${m.note}）` : m.name;
    row([String(i + 1), name, String(m.originals), String(m.copies), m.required ? '必需' : '非必需', m.deferrable ? '是' : '否'], INK);
  }
  doc.fillColor(INK);
}

/** Renders the guide as an A4 PDF. Throws PdfFontError when the Chinese font is missing. */
export async function renderGuidePdf(item: CatalogItem, options: GuidePdfOptions): Promise<Buffer> {
  const g = item.guide;
  const doc = createA4(options.font, { title: `${item.name} 办事指南` });
  const url = guideUrl(options.guideBaseUrl, item.code);
  const top = doc.y;
  const qrSize = 92;
  const qrX = doc.page.width - doc.page.margins.right - qrSize;
  drawQr(doc, url, qrX, top, qrSize);
  doc.fontSize(8).fillColor(MUTED).text('扫码查看办事指南', qrX, top + qrSize + 2, { width: qrSize, align: 'center' });
  doc.x = doc.page.margins.left;
  doc.y = top;
  const textWidth = qrX - doc.page.margins.left - 12;
  doc.fillColor(INK).fontSize(18).text(`${item.name}`, { width: textWidth });
  doc.fontSize(11).fillColor(MUTED).text(`办事指南 · ${options.mainName} · ${item.code}`, { width: textWidth }).fillColor(INK);
  doc.moveDown(0.5);
  doc.fontSize(10);
  const facts: [string, string][] = [
    ['基本编码', g.basicCode],
    ['实施编码', g.implementationCode],
    ['事项类型', g.itemType],
    ['办件类型', KIND_LABEL[item.kind]],
    ['实施主体', g.implementingBody],
    ['服务对象', g.serviceObject],
  ];
  for (const [k, v] of facts) {
    doc.fillColor(MUTED).text(`${k}：`, { continued: true, width: textWidth }).fillColor(INK).text(v, { width: textWidth });
  }
  doc.y = Math.max(doc.y, top + qrSize + 16);
  doc.x = doc.page.margins.left;

  heading(doc, '办理时限与收费');
  field(doc, '法定办结时限', describeLimit(g.statutoryLimit));
  field(doc, '承诺办结时限', describeLimit(g.promisedLimit));
  if (g.limitNote) field(doc, '时限说明', g.limitNote);
  field(doc, '收费', g.fee.basis === describeFee(g.fee.amountFen) ? g.fee.basis : `${describeFee(g.fee.amountFen)}（${g.fee.basis}）`);

  heading(doc, '设定依据');
  lines(doc, g.legalBasis);
  heading(doc, '受理条件');
  lines(doc, g.conditions);
  heading(doc, '申请材料');
  materialsTable(doc, item);
  doc.fontSize(8).fillColor(MUTED).text('“可容缺”材料暂缺时可先受理，窗口出具一次性告知书，写明补交材料及期限。').fillColor(INK);
  heading(doc, '办理流程');
  lines(doc, g.procedure, true);
  heading(doc, '办理结果');
  lines(doc, [g.resultName]);
  heading(doc, '办理方式、地点和时间');
  field(doc, '办理方式', g.handlingWays.join('；'));
  field(doc, '办理地点', g.place);
  field(doc, '办理时间', g.hours);
  heading(doc, '咨询与投诉');
  field(doc, '咨询电话', g.enquiryPhone);
  field(doc, '监督投诉电话', g.complaintPhone);
  if (g.faq.length > 0) {
    heading(doc, '常见问题');
    for (const f of g.faq) {
      doc.fontSize(10).text(`问：${f.q}`).fillColor(MUTED).text(`答：${f.a}`, { paragraphGap: 4 }).fillColor(INK);
    }
  }
  doc.moveDown(0.6).fontSize(8).fillColor(MUTED).text(`完整指南：${url}    目录版本 ${item.version}`).fillColor(INK);
  numberPages(doc, `${item.code} ${item.name}`);
  return finish(doc);
}
