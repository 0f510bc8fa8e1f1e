import encodeQR from 'qr';

/**
 * A QR code as an SVG image: one `path` of dark modules on a white square with the 4-module quiet
 * zone the QR standard asks for (medium error correction, as EPC069-12 requires for the GiroCode).
 *
 * @param text - what the code holds (e.g. the EPC payload of `epcQrPayload`)
 * @param title - the image's accessible name
 * @returns the SVG markup (the text is not part of it; the title is XML-escaped)
 */
export function qrSvg(text: string, title: string): string {
  const matrix = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  const n = matrix.length;
  let d = '';
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      d += `M${start} ${y}h${x - start}v1h-${x - start}z`;
    }
  });
  const safeTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${n * 5}" height="${n * 5}" role="img" aria-label="${safeTitle}" shape-rendering="crispEdges">` +
    `<title>${safeTitle}</title><rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}
