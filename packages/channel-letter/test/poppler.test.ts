import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../src/index.js';
import { dunningLetter } from './fixtures.js';
import { greyPages, renderPages, tempPdf, withoutPdfTools } from './poppler.js';
import { findQrCodes, zbarRead } from './qr-codes.js';

// The PDF readers write page images (`mahnwerk-pgm-*`, `mahnwerk-png-*`) into the temporary
// directory. Each test points TMPDIR (what os.tmpdir() reads) at a fresh directory of its own, so
// other processes writing to /tmp at the same time cannot disturb the count, and checks that the
// helper left nothing behind.
const pdf = tempPdf(await renderLetterPdf(dunningLetter()));
let scratch = '';
let savedTmpdir: string | undefined;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'mahnwerk-scratch-'));
  savedTmpdir = process.env['TMPDIR'];
  process.env['TMPDIR'] = scratch;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmpdir;
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(withoutPdfTools)('the PDF readers of the tests clean up after each use (no mahnwerk-pgm-* / mahnwerk-png-* left in the temporary directory)', () => {
  it('greyPages removes its page images once it has read them', () => {
    expect(tmpdir()).toBe(scratch);
    const pages = greyPages(pdf);
    expect(pages.length).toBe(1);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('zbarRead removes the PGM it writes for zbarimg (writePgm, now withPgm)', () => {
    const page = greyPages(pdf)[0];
    if (page === undefined) throw new Error('no page rendered');
    const codes = findQrCodes(page);
    expect(codes.length).toBe(2);
    codes.forEach((code, i) => expect(zbarRead(page, codes, i)).toBe(code.text));
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('renderPages returns the PNG bytes and removes its directory', () => {
    const pngs = renderPages(pdf);
    expect(pngs.length).toBe(1);
    // PNG signature: 89 50 4E 47
    expect([...(pngs[0] ?? new Uint8Array()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readdirSync(scratch)).toEqual([]);
  });
});
