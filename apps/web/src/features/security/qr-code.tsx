import { toCanvas } from 'qrcode';
import { useEffect, useRef } from 'react';

/**
 * The otpauth:// URI as a QR code, drawn on a canvas: no inline SVG or style element, so the strict
 * CSP holds. The label says what it is; the secret is also shown as text beside it for typing.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void toCanvas(canvas.current, value, { width: 224, margin: 2, errorCorrectionLevel: 'M' });
  }, [value]);
  return <canvas ref={canvas} role="img" aria-label={label} width={224} height={224} data-testid="totp-qr" />;
}
