/**
 * QR frames as PNG images (qrcode), and back from images (jsQR on pixels read by pngjs). The UR
 * text is upper-cased first: BC-UR parts are case-insensitive, and upper case fits QR's denser
 * alphanumeric mode.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { VaultlineError } from '../../errors';

export interface QrImageOptions {
  /** Pixels per module. */
  readonly scale?: number;
  /** Quiet zone in modules (the standard asks for 4). */
  readonly margin?: number;
}

export async function qrPng(text: string, options: QrImageOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(text.toUpperCase(), { type: 'png', errorCorrectionLevel: 'L', margin: options.margin ?? 4, scale: options.scale ?? 4 });
}

/** The text of the QR code in a PNG image, or undefined when none is found. */
export function readQrPng(png: Buffer): string | undefined {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch {
    throw new VaultlineError('VALIDATION', 'The file is not a PNG image.');
  }
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height, { inversionAttempts: 'dontInvert' });
  return found?.data;
}
