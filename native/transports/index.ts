export * from './types';
export { createSerialTransport, type SerialTransportOptions } from './serial';
export { createTcpTransport, type TcpTransportOptions } from './tcp';
export { createFileTransport, type FileTransportOptions } from './file';
export { createPtyPair, type PtyPair } from './pty-pair';
export { createUsbBulkTransport, type UsbBulkTransportOptions } from './usb-bulk';
export { createHidTransport, loadNodeHid, type HidTransportOptions } from './hid';
export {
  createWindowsSpoolerTransport, isSpoolerTransport, loadWinspool, spoolerStatusFromFlags, PRINTER_STATUS,
  type SpoolerApi, type SpoolerPrinterStatus, type SpoolerTransport, type WindowsSpoolerTransportOptions,
} from './windows-spooler';
