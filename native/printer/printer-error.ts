export type PrinterErrorCode = 'timeout' | 'transport' | 'bad_status' | 'closed';

/** The receipt-printer family's only error type. Messages never contain receipt content. */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  readonly messageZh: string;
  override readonly cause: unknown;
  constructor(
    readonly code: PrinterErrorCode,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message);
    this.cause = opts.cause;
    this.messageZh = ZH[code];
  }
}

const ZH: Record<PrinterErrorCode, string> = {
  timeout: '打印机无响应，请检查电源和连接',
  transport: '打印机连接故障',
  bad_status: '打印机返回的状态无法识别',
  closed: '打印机已关闭',
};
