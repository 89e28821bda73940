export { EscPosBuilder, escpos, statusRequest, displayWidth, twoColumns, twoColumnLines, wrapColumns, PAPER, type Align, type PaperWidth, type QrErrorLevel } from './escpos';
export { decodeEscPos, decodeEscPosJobs, tokenizeEscPos, nextEscPosToken, measureEscPos, decodeCode128Data, gb18030Cells, type DecodedPrint, type EscPosToken, type PrintedLine, type PrintedBarcode } from './escpos-decode';
export { parseStatusBytes, encodeStatusBytes, isPrintable, isStatusByte, printerFault, statusTextZh, type PrinterFault, type PrinterStatus } from './status';
export { PrinterError, type PrinterErrorCode } from './printer-error';
export { createReceiptPrinter, type ReceiptPrinter, type ReceiptPrinterOptions } from './printer';
export { createPrintQueue, type PrintQueue, type PrintQueueEvent, type PrintJobInfo, type PrintJobState, type PrintQueueOptions } from './print-queue';
export { layoutEscPos, renderEscPosText, renderEscPosHtml, type PrintBlock } from './render';
export { code128Command, code128ModuleWidth, code128Segments, CODE128_QUIET_MODULES } from './code128';
