import { samStatusInfo } from './sam-status';

export type SamErrorCode =
  | 'bad_checksum' // a frame arrived whose XOR checksum does not match
  | 'timeout' // no complete answer within the timeout
  | 'status' // the SAM answered with a failure SW3 (see `sw3`)
  | 'bad_response' // a well-formed frame whose content makes no sense for the command
  | 'invalid_card' // a well-formed card read whose content is impossible (see `checks`): refuse it, never fill it in
  | 'transport' // the transport failed (see `cause`)
  | 'closed'; // the reader was closed

/** The ID-card reader family's only error type. Messages never contain card data. */
export class SamError extends Error {
  override readonly name = 'SamError';
  /** Chinese text for the teller. */
  readonly messageZh: string;
  constructor(
    readonly code: SamErrorCode,
    message: string,
    opts: { sw3?: number; messageZh?: string; cause?: unknown; checks?: readonly string[] } = {},
  ) {
    super(message);
    this.sw3 = opts.sw3;
    this.checks = opts.checks ?? [];
    this.cause = opts.cause;
    this.messageZh = opts.messageZh ?? DEFAULT_ZH[code];
  }
  readonly sw3: number | undefined;
  /** invalid_card: the names of the content checks the read failed (never the values). */
  readonly checks: readonly string[];
  override readonly cause: unknown;

  static fromStatus(sw3: number): SamError {
    const info = samStatusInfo(sw3);
    return new SamError('status', info.en, { sw3, messageZh: info.zh });
  }
}

const DEFAULT_ZH: Record<SamErrorCode, string> = {
  bad_checksum: '阅读器数据校验错误，正在重试',
  timeout: '身份证阅读器无响应，请检查连接',
  status: '身份证阅读器报告错误',
  bad_response: '身份证阅读器返回的数据无法识别',
  invalid_card: '证件信息校验失败：请重新放置证件，或人工核验后手工录入',
  transport: '身份证阅读器连接故障',
  closed: '身份证阅读器已关闭',
};
