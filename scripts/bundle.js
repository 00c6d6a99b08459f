#!/usr/bin/env node
// The CLI as one module: `npm run build` compiles src/ to dist/ (tsc), then this bundles
// dist/cli/main.js with the tool's own modules into dist/cli/main.js itself (the language
// server and the rules in chunks beside it). Node then loads a few files instead of ~90:
// start-up is ~50 ms shorter, in every run (measured in README's Speed section). Packages and
// Node's modules stay imports; the worker threads load the compiled tree (dist/engine/worker.js).
// Run after tsc only: tsc rewrites dist/cli/main.js, and the bundle is built from that.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const cli = fileURLToPath(new URL('../dist/cli/', import.meta.url));
const CHUNK = /^bundle-.*\.js$/;
const bundle = await rolldown({
  input: join(cli, 'main.js'),
  platform: 'node',
  // Bare specifiers (packages, `node:` modules) stay imports.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id),
  logLevel: 'warn',
});
const built = await bundle.generate({
  format: 'esm',
  entryFileNames: 'main.js',
  chunkFileNames: 'bundle-[name]-[hash].js',
});
await bundle.close();
for (const name of readdirSync(cli)) if (CHUNK.test(name)) rmSync(join(cli, name));
for (const out of built.output) if (out.type === 'chunk') writeFileSync(join(cli, out.fileName), out.code);
