/**
 * SW3 status codes of the SAM (security access module) in GA 467 ID-card readers, with messages a teller
 * can read (Chinese) and an English one for developers. Sources: the public "SAM_V 通讯协议" module manual
 * (e.g. eastcoms.com/service/downdrive/508.html) and GA 467-2013.
 */
export interface SamStatusInfo {
  zh: string;
  en: string;
}

export const SAM_STATUS = {
  0x90: { zh: '操作成功', en: 'operation succeeded' },
  0x9f: { zh: '找到身份证', en: 'card found' },
  0x91: { zh: '证件中此项无内容', en: 'the card holds no data for this item' },
  0x10: { zh: '阅读器收到的数据校验和错误', en: 'reader received data with a bad checksum' },
  0x11: { zh: '阅读器收到的数据长度错误', en: 'reader received data with a bad length' },
  0x21: { zh: '阅读器收到的命令错误', en: 'reader received an invalid command' },
  0x23: { zh: '越权操作', en: 'operation not permitted' },
  0x24: { zh: '阅读器无法识别的错误', en: 'unrecognised reader error' },
  0x31: { zh: '证件认证阅读器失败', en: 'card failed to authenticate the reader' },
  0x32: { zh: '阅读器认证证件失败', en: 'reader failed to authenticate the card' },
  0x33: { zh: '信息验证错误', en: 'information verification failed' },
  0x40: { zh: '无法识别的证件类型', en: 'unrecognised card type' },
  0x41: { zh: '读证件失败，请重新放置证件', en: 'reading the card failed' },
  0x47: { zh: '取随机数失败', en: 'getting a random number failed' },
  0x60: { zh: '阅读器自检失败，不能接收命令', en: 'SAM self-test failed' },
  0x66: { zh: '阅读器未经授权，无法使用', en: 'SAM is not authorised' },
  0x80: { zh: '未找到证件，请放置身份证', en: 'no card found' },
  0x81: { zh: '选取证件失败，请重新放置证件', en: 'selecting the card failed' },
} as const satisfies Record<number, SamStatusInfo>;

export type KnownSw3 = keyof typeof SAM_STATUS;

export function samStatusInfo(sw3: number): SamStatusInfo {
  return (
    (SAM_STATUS as Record<number, SamStatusInfo>)[sw3] ?? {
      zh: `阅读器返回未知状态（${sw3.toString(16).padStart(2, '0').toUpperCase()}）`,
      en: `unknown SAM status 0x${sw3.toString(16).padStart(2, '0')}`,
    }
  );
}

export const SW3 = {
  OK: 0x90,
  CARD_FOUND: 0x9f,
  NO_CONTENT: 0x91,
  BAD_CHECKSUM: 0x10,
  BAD_COMMAND: 0x21,
  READ_FAILED: 0x41,
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const;
