#!/usr/bin/env bash
# Installs and runs the hook with the real pre-commit on PATH, as a user would: a release is
# made in a scratch clone of HEAD (scripts/release.sh, from the dist/ built here), a scratch
# project pins it with `rev:`, and `pre-commit run` must block its bad Rust file.
#   npm run build && bash scripts/try-precommit.sh
# Prints the hook's output; exits 0 when the hook installed and failed the bad file, else 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$root/dist/cli/main.js" ] || { echo "try-precommit: run npm run build first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

git clone -q --no-checkout "$root" "$work/hook"
git -C "$work/hook" checkout -q "$(git -C "$root" rev-parse HEAD)"
cp -r "$root/dist" "$work/hook/dist"
(cd "$work/hook" && bash scripts/release.sh --no-build >/dev/null)
tag="v$(node -p 'require(process.argv[1]).version' "$root/package.json")"

mkdir -p "$work/app/src"
cd "$work/app"
git init -q
printf '[package]\nname = "app"\nversion = "0.1.0"\n' > Cargo.toml
printf 'mod tls;\n\nfn main() {\n    let _ca = std::fs::read("pki/client-ca.pem");\n}\n' > src/main.rs
cat > src/tls.rs <<'RUST'
use rustls::ServerConfig;

pub fn server_config(certs: Certs, key: Key) -> anyhow::Result<ServerConfig> {
    let config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    Ok(config)
}
RUST
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: axum-tls-lint\n' "$work/hook" "$tag" > .pre-commit-config.yaml
git add -A

echo "$(pre-commit --version), hook $tag"
code=0
out="$(PRE_COMMIT_HOME="$work/cache" pre-commit run --all-files 2>&1)" || code=$?
printf '%s\n' "$out"
if [ "$code" -eq 1 ] && [[ "$out" == *'error[mtls-no-client-auth]'* ]] && [[ "$out" == *'--> src/tls.rs:5:10'* ]]; then
  echo "try-precommit: the hook installed and blocked the bad file"
  exit 0
fi
echo "try-precommit: unexpected result (pre-commit exited with $code)" >&2
exit 1
