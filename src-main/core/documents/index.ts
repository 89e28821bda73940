/** Documents a counter prints for a case: one-time notice, A4 acceptance receipt, handover manifest, result message. */
export {
  describeCopies, ONE_TIME_NOTICE_BASIS, ONE_TIME_NOTICE_TITLE, oneTimeNoticePdf, oneTimeNoticeThermal, oneTimeNoticeWording,
  type NoticeMaterial, type NoticeWording, type OneTimeNoticeData,
} from './one-time-notice';
export { acceptanceReceiptPdf, receiptBarcodeText, type AcceptancePdfData } from './acceptance-pdf';
export {
  HANDOVER_TITLE, handoverManifestPdf, handoverSummary, type HandoverCase, type HandoverManifestData, type HandoverSummaryLine,
} from './handover-manifest';
export { isResultStatus, RESULT_STATUSES, resultMessage, SMS_SEGMENT_CHARS, type ResultMessageInput, type ResultStatus } from './result-notice';
export { code128Modules, code128Widths, drawCode128 } from './code128';
export { chineseDate, COPY_MARK, type DocumentPdfOptions } from './pdf-parts';
