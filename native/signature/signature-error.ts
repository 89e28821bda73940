export type SignatureErrorCode = 'bad_report' | 'transport' | 'not_capturing' | 'empty';

/** The signature-pad family's only error type. */
export class SignatureError extends Error {
  override readonly name = 'SignatureError';
  readonly messageZh: string;
  override readonly cause: unknown;
  constructor(
    readonly code: SignatureErrorCode,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message);
    this.cause = opts.cause;
    this.messageZh = ZH[code];
  }
}

const ZH: Record<SignatureErrorCode, string> = {
  bad_report: '签名板数据异常',
  transport: '签名板连接故障',
  not_capturing: '签名板未开始采集',
  empty: '未检测到签名，请重新签名',
};
