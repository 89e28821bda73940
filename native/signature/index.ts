export { SignatureError, type SignatureErrorCode } from './signature-error';
export {
  STU_PRODUCT_IDS, STU_REPORT, WACOM_VENDOR_ID, decodeCapability, decodePenReport, encodeCapability, encodePenReport,
  type PenSample, type StuCapability, type StuModel,
} from './stu-protocol';
export { renderSignaturePng, signatureResult, type SignaturePoint, type SignatureResult } from './render';
export { createStuSignaturePad, type StuSignaturePad } from './stu-pad';
