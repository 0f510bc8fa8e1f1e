// Writes every ```ts block of docs/guides/*.md to generated/: a block whose first line is
// `// test` becomes `<guide>-<n>.test.ts` (a vitest test file), any other `<guide>-<n>.ts` (a module
// that test/guides.test.ts imports, i.e. runs). Run by vitest.config.ts before vitest collects
// files and by the typecheck script before tsc, so the guides are the only copy of their code.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const guidesDir = resolve(here, '../../docs/guides');
export const generatedDir = join(here, 'generated');

/** The fenced blocks of one language in a markdown text, in order. */
export function blocks(markdown, language) {
  return [...markdown.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1]);
}

/** The guides, by file name. */
export function guides() {
  return readdirSync(guidesDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(guidesDir, file), 'utf8') }));
}

export function extractGuides() {
  rmSync(generatedDir, { recursive: true, force: true });
  mkdirSync(generatedDir, { recursive: true });
  const written = [];
  for (const { file, text } of guides()) {
    blocks(text, 'ts').forEach((code, i) => {
      const name = `${file.replace(/\.md$/, '')}-${i + 1}${code.startsWith('// test\n') ? '.test' : ''}.ts`;
      writeFileSync(join(generatedDir, name), `// Generated from docs/guides/${file}, block ${i + 1}; edit the guide, not this file.\n${code}\nexport {};\n`);
      written.push(name);
    });
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) extractGuides();
