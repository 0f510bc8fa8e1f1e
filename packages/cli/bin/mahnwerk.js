#!/usr/bin/env node
// The `mahnwerk` command. A committed file rather than dist/bin.js itself, so that pnpm links the
// command when a fresh clone is installed, before the first build (`pnpm install && pnpm build &&
// pnpm exec mahnwerk demo`); the code is the built dist/bin.js.
import '../dist/bin.js';
