export * from './types';
export { SamError, type SamErrorCode } from './sam-error';
export { SAM_STATUS, SW3, samStatusInfo, type SamStatusInfo } from './sam-status';
export {
  SAM_CMD, SAM_PREAMBLE, SamFrameParser, encodeCommand, encodeResponse, xorChecksum,
  type SamCommandFrame, type SamResponseFrame,
} from './sam-frame';
export { ETHNICITY_TEXT, GENDER_TEXT } from './codes';
export { gb11643CheckDigit, isValidGb11643 } from './id-number';
export { decodeIdText, encodeIdText, cardTypeOf, TEXT_BLOCK_BYTES } from './id-text';
export { createIdCardReader, formatSamId, parseReadData, type IdCardReader, type IdCardReaderOptions, type PollingOptions, type ReaderStatusEvent } from './reader';
export { cardCheckFailures, type CardCheck } from './card-checks';
