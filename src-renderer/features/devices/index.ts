export { DeviceSettings, type DeviceSettingsProps } from './DeviceSettings';
export { SignaturePad, type SignaturePadProps } from './SignaturePad';
export { SignatureCapture, useSignaturePadMode, type SignatureCaptureProps, type SignatureSource } from './SignatureCapture';
export { signatureFromPng, sha256Hex, type SignatureCapture as SignatureResult } from './signature-result';
export { deviceMessages } from './messages';
export { deviceStateLabel } from './state-label';
