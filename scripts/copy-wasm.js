// Copies the tree-sitter-rust grammar into wasm/ so it ships inside the package:
// the tool never downloads anything at run time.
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = require.resolve('tree-sitter-rust/tree-sitter-rust.wasm');
mkdirSync(join(root, 'wasm'), { recursive: true });
copyFileSync(source, join(root, 'wasm', 'tree-sitter-rust.wasm'));
