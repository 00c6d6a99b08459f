#!/bin/sh
# Builds the real-code benchmark corpus (`npm run bench` adds a row for it when it exists): the
# Rust sources and Cargo.toml manifests of crates packaged by Debian (bookworm's librust-*-dev,
# which unpack into /usr/share/cargo/registry/<name>-<version>/), copied into a folder OUTSIDE
# this repository — the sources are never committed.
#
#   sudo apt-get install -y librust-tokio-dev librust-hyper-dev librust-h2-dev librust-rustls-dev \
#     librust-tokio-rustls-dev librust-hyper-rustls-dev librust-reqwest-dev librust-openssl-dev \
#     librust-quinn-dev librust-native-tls-dev
#   scripts/real-corpus.sh [target-folder]
#
# The target defaults to $AXUM_TLS_LINT_REAL_CORPUS, else ~/.cache/axum-tls-lint/real-corpus
# (where bench.js looks). The versions are pinned: a different version changes the numbers, so
# the script stops when one is missing rather than taking another.
set -eu
REGISTRY=${CARGO_REGISTRY:-/usr/share/cargo/registry}
TARGET=${1:-${AXUM_TLS_LINT_REAL_CORPUS:-${XDG_CACHE_HOME:-$HOME/.cache}/axum-tls-lint/real-corpus}}
CRATES="tokio-1.24.2 hyper-0.14.19 h2-0.3.13 rustls-0.20.8 tokio-rustls-0.23.4 hyper-rustls-0.23.2 reqwest-0.11.13 openssl-0.10.45 quinn-0.9.3 native-tls-0.2.11"

missing=
for c in $CRATES; do [ -f "$REGISTRY/$c/Cargo.toml" ] || missing="$missing $c"; done
if [ -n "$missing" ]; then
  echo "real-corpus: missing from $REGISTRY:$missing (install the librust-*-dev packages above)" >&2
  exit 2
fi
case "$(cd "$(dirname "$0")/.." && pwd)/" in
  "$TARGET"/*|"$TARGET") echo "real-corpus: the target must be outside the repository" >&2; exit 2 ;;
esac
rm -rf "$TARGET"
mkdir -p "$TARGET"
for c in $CRATES; do
  mkdir -p "$TARGET/$c"
  # The manifest and every .rs file (src/, examples/, tests/, benches/, build.rs), nothing else.
  (cd "$REGISTRY/$c" && find . -name '*.rs' -o -name Cargo.toml) | while read -r f; do
    mkdir -p "$TARGET/$c/$(dirname "$f")"
    cp "$REGISTRY/$c/$f" "$TARGET/$c/$f"
  done
done
printf '%s\n' $CRATES > "$TARGET/.crates"
echo "real-corpus: $(find "$TARGET" -name '*.rs' | wc -l) .rs files in $TARGET"
