#!/usr/bin/env bash
# The script steps of action.yml. Inputs arrive as environment variables (never interpolated
# into shell text), so a test can run this with a fake environment:
#   scan     runs the CLI with --format sarif; records sarif-file, sarif-written, exit-code and
#            findings in $GITHUB_OUTPUT; always exits 0 so that the upload step runs.
#   verdict  fails when the scan failed (exit code 2) or, with fail-on-findings, found something.
set -euo pipefail

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"; fi
}

scan() {
  local action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
  local sarif="${INPUT_SARIF_FILE:-axum-tls-lint.sarif}"
  local version="${INPUT_VERSION:-}"
  local category="${INPUT_CATEGORY:-}"
  local -a paths=() cmd=() args=()

  # Paths: separated by spaces or new lines.
  read -r -d '' -a paths < <(printf '%s\0' "${INPUT_PATHS:-.}") || true
  if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi

  if [ -z "$version" ]; then
    version="$(node -p 'require(process.argv[1]).version' "$action_path/package.json")"
  fi
  if [ -f "$version/bin/axum-tls-lint.js" ]; then
    cmd=(node "$version/bin/axum-tls-lint.js")
  elif [[ "$version" =~ ^[A-Za-z0-9][A-Za-z0-9._+~^-]*$ ]]; then
    cmd=(npx --yes "axum-tls-lint@$version")
  else
    echo "::error title=axum-tls-lint::version must be an npm version, a dist-tag or a path to a built checkout (got \"$version\")"
    output exit-code 2
    return 0
  fi

  args=(--format sarif --output-file "$sarif")
  if [ -n "$category" ]; then args+=(--sarif-category "$category"); fi

  local code=0
  "${cmd[@]}" "${args[@]}" -- "${paths[@]}" || code=$?

  output sarif-file "$sarif"
  if [ -f "$sarif" ]; then
    output sarif-written true
    output findings "$(node -p 'JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).runs.reduce((n, r) => n + r.results.length, 0)' "$sarif")"
  else
    output sarif-written false
  fi
  output exit-code "$code"
  echo "axum-tls-lint exited with $code"
}

verdict() {
  local code="${SCAN_EXIT_CODE:-2}"
  case "$code" in
    0) echo "axum-tls-lint: no findings at error or warning level" ;;
    1)
      if [ "${INPUT_FAIL_ON_FINDINGS:-true}" = "true" ]; then
        echo "::error title=axum-tls-lint::findings at error or warning level (see the code-scanning alerts or the SARIF report)"
        exit 1
      fi
      echo "axum-tls-lint: findings reported; fail-on-findings is off" ;;
    *)
      echo "::error title=axum-tls-lint::the scan did not complete (exit code $code); see the Scan step's log"
      exit 2 ;;
  esac
}

case "${1:-}" in
  scan) scan ;;
  verdict) verdict ;;
  *) echo "usage: action-run.sh scan|verdict" >&2; exit 2 ;;
esac
