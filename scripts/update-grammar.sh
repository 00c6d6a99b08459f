#!/usr/bin/env bash
# Replaces wasm/tree-sitter-rust.wasm with the grammar of a tree-sitter-rust release from npm.
#   scripts/update-grammar.sh 0.24.0
# The grammar is committed rather than installed: only its .wasm is used, and installing the
# npm package would run its native build script (node-gyp-build) for nothing. `npm pack` only
# downloads the tarball; it runs none of the package's scripts.
set -euo pipefail
version="${1:?usage: scripts/update-grammar.sh <tree-sitter-rust version>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$work" && npm pack --silent "tree-sitter-rust@$version")"
tar -xzf "$work/$tarball" -C "$work" package/tree-sitter-rust.wasm
cp "$work/package/tree-sitter-rust.wasm" "$root/wasm/tree-sitter-rust.wasm"
sum="$(sha256sum "$root/wasm/tree-sitter-rust.wasm" | cut -d' ' -f1)"
printf 'tree-sitter-rust %s\nsha256 %s\n' "$version" "$sum" > "$root/wasm/GRAMMAR"
echo "wasm/tree-sitter-rust.wasm: tree-sitter-rust $version ($sum); run npm test"
