#!/usr/bin/env bash
# The script steps of action.yml. Inputs arrive as environment variables (never interpolated
# into shell text), so a test can run this with a fake environment:
#   scan     runs the CLI with --format sarif; records sarif-file, sarif-written, exit-code and
#            findings in $GITHUB_OUTPUT; always exits 0 so that the upload step runs.
#   verdict  fails when the scan failed (exit code 2, or no SARIF report) or, with
#            fail-on-findings, found something.
# It fails closed: a run that wrote no readable SARIF report scanned nothing that anyone can
# see (a failed install, a crash, a path taken for a command), whatever its exit code.
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

  mapfile -t paths < <(path_list "${INPUT_PATHS:-.}")
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

  # A report left by an earlier step (or committed in the checkout) must not pass for this run's.
  rm -f -- "$sarif"
  local code=0 findings
  "${cmd[@]}" "${args[@]}" -- "${paths[@]}" || code=$?

  output sarif-file "$sarif"
  if findings="$(count_results "$sarif")"; then
    output sarif-written true
    output findings "$findings"
  else
    output sarif-written false
    if [ "$code" != 2 ]; then
      echo "::error title=axum-tls-lint::the scan wrote no readable SARIF report (the CLI exited with $code): nothing was scanned; see the log above"
      code=2
    fi
  fi
  output exit-code "$code"
  echo "axum-tls-lint exited with $code"
}

# The paths input: one path per line (spaces belong to the path; blank lines are skipped).
# A relative path gets "./" so that a folder named like a subcommand (`rules`) or an option
# (`-x`) is always a path.
path_list() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    case "$line" in
      '') continue ;;
      /* | . | .. | ./* | ../*) printf '%s\n' "$line" ;;
      *) printf './%s\n' "$line" ;;
    esac
  done <<< "$1"
}

# The number of results in a SARIF report; fails when the file is missing or not a SARIF log.
count_results() {
  [ -f "$1" ] || return 1
  node -e '
    const log = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    if (log.version !== "2.1.0" || !Array.isArray(log.runs) || !log.runs.every((r) => Array.isArray(r.results))) process.exit(1);
    console.log(log.runs.reduce((n, r) => n + r.results.length, 0));
  ' "$1" 2>/dev/null
}

verdict() {
  local code="${SCAN_EXIT_CODE:-2}"
  if [ "${SARIF_WRITTEN:-false}" != true ] && [ "$code" != 2 ]; then code=2; fi
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
