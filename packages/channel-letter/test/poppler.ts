import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const missingTools = ['pdftotext', 'pdftoppm', 'zbarimg'].filter((tool) => spawnSync(tool, ['-v']).error !== undefined);

/**
 * True where the PDF readers (Debian poppler-utils and zbar-tools) are missing and this is not CI:
 * on a fresh machine with only Node the tests that read PDFs back are skipped, with a note. CI
 * (`.ci/run` installs both packages; `CI` is set) always runs them, and fails if a tool is missing.
 */
export const withoutPdfTools = missingTools.length > 0 && process.env.CI === undefined;
if (withoutPdfTools) {
  console.warn(`channel-letter: tests that read PDFs back are skipped: ${missingTools.join(', ')} not installed (apt-get install poppler-utils zbar-tools; .ci/run installs them).`);
}

/**
 * Runs `use` with a fresh temporary directory (`<tmpdir>/<prefix>XXXXXX`) and removes the directory
 * afterwards, also when `use` throws: the readers' page images and scratch files leave nothing behind.
 */
export function inTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The directories of {@link tempPdf}, removed once the test file is done (its tests read the PDF more than once). */
const pdfDirs: string[] = [];
afterAll(() => {
  for (const dir of pdfDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes the PDF into a fresh temporary directory, removed after the test file, and returns its path. */
export function tempPdf(bytes: Uint8Array, name = 'letter.pdf'): string {
  const dir = mkdtempSync(join(tmpdir(), 'mahnwerk-letter-'));
  pdfDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The text of a PDF as `pdftotext -layout` (poppler-utils) reads it. */
export function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/** A word of the PDF with its box in millimetres from the top-left corner of its page. */
export interface PdfWord {
  readonly page: number;
  readonly text: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Every word with its bounding box, from `pdftotext -bbox` (coordinates in points, top-left origin). */
export function pdfWords(path: string): PdfWord[] {
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  const words: PdfWord[] = [];
  const toMm = (pt: string) => (Number(pt) * 25.4) / 72;
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m === null) continue;
    const text = (m[5] as string).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
    words.push({ page, text, left: toMm(m[1] as string), top: toMm(m[2] as string), right: toMm(m[3] as string), bottom: toMm(m[4] as string) });
  }
  return words;
}

/** Renders every page at 150 dpi (`pdftoppm -r 150 -png`) and returns each page's PNG bytes in page order. */
export function renderPages(path: string): Uint8Array[] {
  return inTempDir('mahnwerk-png-', (dir) => {
    execFileSync('pdftoppm', ['-r', '150', '-png', path, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  });
}

/** Every QR code zbarimg finds in the image, as raw UTF-8 text (`--raw -q --nodbus -Sbinary`). */
export function decodeQrCodes(png: string): string[] {
  let out: Buffer;
  try {
    out = execFileSync('zbarimg', ['--raw', '-q', '--nodbus', '-Sbinary', png]);
  } catch (error) {
    // zbarimg exits with 4 when it finds no code.
    if ((error as { status?: number }).status === 4) return [];
    throw error;
  }
  // With -Sbinary the codes are written as they are, each followed by a newline.
  return splitCodes(out.toString('utf8'));
}

function splitCodes(text: string): string[] {
  // An EPC payload has inner line breaks; each code starts with its own first line (BCD or a URL).
  const codes: string[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (line === 'BCD' || /^https?:\/\//.test(line) || codes.length === 0) codes.push(line);
    else codes[codes.length - 1] += `\n${line}`;
  }
  return codes;
}

/** Reads a file as bytes. */
export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** A grey page image: one byte per pixel. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Renders the pages at 150 dpi as grey PGM images (`pdftoppm -r 150 -gray`). */
export function greyPages(path: string): GreyImage[] {
  return inTempDir('mahnwerk-pgm-', (dir) => {
    execFileSync('pdftoppm', ['-r', '150', '-gray', path, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => parsePgm(readFileSync(join(dir, f))));
  });
}

function parsePgm(file: Buffer): GreyImage {
  // P5 header: magic, width, height, maxval, each separated by white space, then binary pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (header === null) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, data: new Uint8Array(file.subarray(header[0].length, header[0].length + width * height)) };
}

/** Writes a grey image as PGM into a temporary directory, runs `use` on its path (for zbarimg) and removes the directory. */
export function withPgm<T>(image: GreyImage, use: (path: string) => T): T {
  return inTempDir('mahnwerk-pgm-', (dir) => {
    const path = join(dir, 'image.pgm');
    writeFileSync(path, Buffer.concat([Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1'), Buffer.from(image.data)]));
    return use(path);
  });
}
