import { execFileSync } from 'node:child_process';
import decodeQR from 'qr/decode.js';
import { withPgm, type GreyImage } from './poppler.js';

/** A QR code found on a page: its text and its box in pixels. */
export interface FoundCode {
  readonly text: string;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
}

function blank(image: GreyImage, box: FoundCode['box'], margin: number): GreyImage {
  const data = Uint8Array.from(image.data);
  const x0 = Math.max(0, Math.floor(box.x - margin));
  const y0 = Math.max(0, Math.floor(box.y - margin));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width + margin));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height + margin));
  for (let y = y0; y < y1; y += 1) data.fill(255, y * image.width + x0, y * image.width + x1);
  return { ...image, data };
}

/**
 * Every QR code on a page, read with the decoder of `qr` (`qr/decode.js`): decode one, paint it
 * white, decode again, until none is left.
 */
export function findQrCodes(image: GreyImage): FoundCode[] {
  const found: FoundCode[] = [];
  let current = image;
  for (let i = 0; i < 6; i += 1) {
    let box: FoundCode['box'] | undefined;
    let text: string;
    try {
      text = decodeQR(
        { width: current.width, height: current.height, data: current.data },
        {
          format: 'I420',
          pointsOnDetect: (points, result) => {
            if (typeof result === 'string') box = points.boundingBox;
          },
        },
      );
    } catch {
      break;
    }
    if (box === undefined) break;
    found.push({ text, box });
    current = blank(current, box, 12);
  }
  return found;
}

/**
 * The same code read by a second decoder: zbarimg (`--raw -q --nodbus -Sbinary`) on the page with
 * every other code painted white, so its raw output is exactly this code's bytes.
 */
export function zbarRead(image: GreyImage, codes: readonly FoundCode[], index: number): string {
  let only = image;
  codes.forEach((code, i) => {
    if (i !== index) only = blank(only, code.box, 12);
  });
  const out = withPgm(only, (pgm) => execFileSync('zbarimg', ['--raw', '-q', '--nodbus', '-Sbinary', pgm]));
  // zbarimg ends its raw output with one newline.
  return out.toString('utf8').replace(/\n$/, '');
}
