import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import SignaturePadLib from 'signature_pad';
import { t, useLocale } from '../../i18n';
import { signatureFromPng, type SignatureCapture } from './signature-result';

export interface SignaturePadProps {
  /** Called with the signature once the citizen confirms it. */
  onDone: (result: SignatureCapture) => void;
  /** Drawing area in CSS pixels. Default 600 × 240. */
  width?: number;
  height?: number;
  disabled?: boolean;
}

/**
 * The on-screen signature pad (fallback when there is no hardware pad): draw with a pen, finger or mouse, then
 * 「确认签名」 yields `{ pngBase64, sha256, points }` like the hardware pad does.
 */
export function SignaturePad({ onDone, width = 600, height = 240, disabled = false }: SignaturePadProps) {
  useLocale();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePadLib | null>(null);
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Draw at device resolution so the PNG is sharp on high-DPI counter screens.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.getContext('2d')?.scale(ratio, ratio);
    const pad = new SignaturePadLib(canvas, { penColor: '#101a40', minWidth: 0.8, maxWidth: 2.8 });
    const onEnd = (): void => setEmpty(pad.isEmpty());
    pad.addEventListener('endStroke', onEnd);
    padRef.current = pad;
    setEmpty(true);
    return () => {
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
    };
  }, [width, height]);

  useEffect(() => {
    const pad = padRef.current;
    if (!pad) return;
    if (disabled) pad.off();
    else pad.on();
  }, [disabled]);

  function clear(): void {
    padRef.current?.clear();
    setEmpty(true);
  }

  async function confirm(): Promise<void> {
    const pad = padRef.current;
    if (!pad || pad.isEmpty()) return;
    setBusy(true);
    try {
      const points = pad.toData().reduce((n, stroke) => n + stroke.points.length, 0);
      onDone(await signatureFromPng(pad.toDataURL('image/png'), points));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size="small">
      <Typography.Text type="secondary">{t('devices.signature.hint')}</Typography.Text>
      <canvas
        ref={canvasRef}
        data-testid="signature-canvas"
        style={{ width, height, border: '1px dashed #8c8c8c', borderRadius: 6, background: '#fff', touchAction: 'none' }}
      />
      <Space>
        <Button onClick={clear} disabled={disabled || empty} data-testid="signature-clear">
          {t('devices.signature.clear')}
        </Button>
        <Button type="primary" onClick={() => void confirm()} disabled={disabled || empty} loading={busy} data-testid="signature-confirm">
          {empty ? t('devices.signature.empty') : t('devices.signature.confirm')}
        </Button>
      </Space>
    </Space>
  );
}
