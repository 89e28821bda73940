import { SerialPort } from 'serialport';
import { CoreError, type DeviceConfig } from '../../contract';
import { ConfigError, loadConfig, saveConfig, type ConfigAuditEvent } from '../config/load';
import type { Handlers } from '../dispatch';
import type { Logger } from '../logging/types';
import type { DeviceManager } from './device-manager';
import { deviceSettingsIssues } from './device-settings';
import { SignatureCaptureError } from './signature-pad-device';

export type DeviceHandlers = Pick<Handlers, 'listSerialPorts' | 'getDeviceSettings' | 'saveDeviceSettings' | 'testDevice' | 'captureSignature'>;

export interface DeviceHandlerOptions {
  /** The terminal configuration file; without one, saved settings apply until the terminal restarts. */
  configFile?: string;
  /** Who saves settings (the teller / IT account), for the audit entry. */
  actor: string;
  /** Receives the saved change (the core writes it to the audit table). */
  audit?: (event: ConfigAuditEvent) => void;
  logger?: Logger;
}

const CAPTURE_ERRORS: Record<SignatureCaptureError['code'], { code: 'conflict' | 'unavailable' | 'device_error'; key: string }> = {
  screen: { code: 'conflict', key: 'devices.error.useScreenPad' },
  busy: { code: 'conflict', key: 'devices.error.padBusy' },
  unavailable: { code: 'unavailable', key: 'devices.error.padUnavailable' },
  empty: { code: 'device_error', key: 'devices.error.signatureEmpty' },
  device: { code: 'device_error', key: 'devices.error.padFault' },
};

/** Writes `devices` into the configuration file, keeping every other field as the file has it. */
function persist(file: string, devices: DeviceConfig, opts: DeviceHandlerOptions): void {
  let base: object;
  try {
    base = loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError && err.kind === 'missing')) {
      throw new CoreError('conflict', 'the configuration file cannot be read; device settings were not saved', 'devices.error.configUnreadable');
    }
    base = {};
  }
  try {
    saveConfig(file, { ...base, devices }, opts.actor, { audit: opts.audit });
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CoreError('invalid_input', 'device settings refused by the configuration schema', 'error.invalidInput', err.issues);
    }
    throw err;
  }
}

/**
 * Device settings and tests for branch IT: the serial ports present, the configured devices, saving them (to the
 * configuration file, audited, and applied live), a test per device, and signature capture on a hardware pad.
 */
export function createDeviceHandlers(manager?: DeviceManager, opts: DeviceHandlerOptions = { actor: 'system' }): DeviceHandlers {
  if (!manager) return unavailableHandlers();
  const log = opts.logger?.child({ component: 'device.settings' });
  return {
    async listSerialPorts() {
      const ports = await SerialPort.list();
      return ports
        .map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null }))
        .sort((a, b) => a.path.localeCompare(b.path));
    },
    getDeviceSettings: () => manager.config(),
    async saveDeviceSettings(input) {
      const issues = deviceSettingsIssues(input);
      if (issues.length > 0) throw new CoreError('invalid_input', 'device settings are incomplete', 'error.invalidInput', issues);
      if (opts.configFile) persist(opts.configFile, input, opts);
      const changed = await manager.reconfigure(input);
      log?.info({ changed, persisted: !!opts.configFile }, 'device settings saved');
      return { ok: true as const };
    },
    testDevice: ({ kind }) => manager.test(kind),
    async captureSignature({ timeoutMs }) {
      try {
        return await manager.captureSignature({ timeoutMs });
      } catch (err) {
        if (!(err instanceof SignatureCaptureError)) throw err;
        const { code, key } = CAPTURE_ERRORS[err.code];
        throw new CoreError(code, `signature capture: ${err.message}`, key);
      }
    },
  };
}

/** Until the core hands over its device manager (older wiring): every device call answers `unavailable`. */
function unavailableHandlers(): DeviceHandlers {
  const notYet = (): never => {
    throw new CoreError('unavailable', 'device settings need the device manager', 'error.internal');
  };
  return { listSerialPorts: notYet, getDeviceSettings: notYet, saveDeviceSettings: notYet, testDevice: notYet, captureSignature: notYet };
}
