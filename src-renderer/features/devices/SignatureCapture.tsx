import { Alert, Button, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import { t, tError, useLocale } from '../../i18n';
import { useTerminal } from '../../stores/terminal';
import { SignaturePad } from './SignaturePad';
import type { SignatureCapture as SignatureResult } from './signature-result';

export type SignatureSource = 'pad' | 'screen';

/**
 * Which signature pad the terminal is configured with ('hid' hardware pad or 'screen'), from the live device status
 * every person at the window may read (the device settings are the branch admin's); null while it is loading.
 */
export function useSignaturePadMode(): 'hid' | 'screen' | null {
  const status = useTerminal((s) => s.status);
  if (!status) return null;
  const pad = status.devices.find((d) => d.kind === 'signaturePad');
  return pad && pad.transport !== 'screen' ? 'hid' : 'screen';
}

export interface SignatureCaptureProps {
  /** The signature and where it came from (`source` as the case submission takes it). */
  onDone: (result: SignatureResult, source: SignatureSource) => void;
  /** How long the hardware pad waits for a signature. Default 60 s. */
  timeoutMs?: number;
  /** Size of the on-screen pad. */
  width?: number;
  height?: number;
}

/**
 * A signature from whichever pad the terminal has: on a Wacom STU pad through the core (`captureSignature`), or
 * on screen. When the hardware pad fails, the teller can switch to the on-screen pad.
 */
export function SignatureCapture({ onDone, timeoutMs = 60_000, width, height }: SignatureCaptureProps) {
  useLocale();
  const configured = useSignaturePadMode();
  const [forceScreen, setForceScreen] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  if (configured === null) return <Spin />;
  if (configured === 'screen' || forceScreen) {
    return <SignaturePad width={width} height={height} onDone={(r) => onDone(r, 'screen')} />;
  }

  async function capture(): Promise<void> {
    setWaiting(true);
    setError(null);
    setPreview(null);
    try {
      const result = await api.captureSignature({ timeoutMs });
      setPreview(`data:image/png;base64,${result.pngBase64}`);
      onDone(result, 'pad');
    } catch (err) {
      if (err instanceof ApiError && err.error.messageKey === 'devices.error.useScreenPad') {
        setForceScreen(true);
        return;
      }
      setError(err instanceof ApiError ? tError(err.error) : t('devices.error.padFault'));
    } finally {
      setWaiting(false);
    }
  }

  return (
    <Space orientation="vertical" size="small" data-testid="signature-hardware">
      <Typography.Text>{waiting ? t('devices.signature.padWaiting') : t('devices.signature.padPrompt')}</Typography.Text>
      {preview && <img src={preview} alt={t('devices.signature.done')} style={{ maxWidth: 400, border: '1px solid #d9d9d9', borderRadius: 6 }} />}
      {error && <Alert type="error" showIcon title={error} />}
      <Space>
        <Button type="primary" loading={waiting} onClick={() => void capture()} data-testid="signature-pad-start">
          {preview || error ? t('devices.signature.padRetry') : t('devices.signature.padStart')}
        </Button>
        <Button disabled={waiting} onClick={() => setForceScreen(true)} data-testid="signature-use-screen">
          {t('devices.signature.useScreen')}
        </Button>
      </Space>
    </Space>
  );
}
