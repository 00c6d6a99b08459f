#!/usr/bin/env bash
# Makes a release: a commit on top of HEAD that carries the built CLI, tagged v<version>, and
# the npm tarball packed from exactly that commit.
#
#   npm run release                  # build, then commit, tag and pack
#   bash scripts/release.sh --no-build   # use the dist/ already built
#
# Why a release commit: pre-commit 4.x and `npm i -g git+…` install the package straight from
# git, and npm's "git dep preparation" cannot build TypeScript there (`tsc: not found`). So
# dist/ (ignored on main) is committed on the release commit only, with a manifest that has no
# scripts and no devDependencies: nothing runs, and nothing is compiled, at install time.
# The commit is made from a temporary index, so the working tree and branch are untouched.
set -euo pipefail

build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) echo "usage: scripts/release.sh [--no-build]" >&2; exit 2 ;;
  esac
done

root="$(git rev-parse --show-toplevel)"
cd "$root"
version="$(node -p 'require("./package.json").version')"
tag="v$version"

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "release: commit your changes first (the release is made from HEAD)" >&2; exit 1
fi
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "release: tag $tag exists; raise the version in package.json first" >&2; exit 1
fi
if $build; then npm run build; fi
if [ ! -f dist/cli/main.js ]; then
  echo "release: dist/ is not built; run npm run build" >&2; exit 1
fi

index="$(mktemp)"
trap 'rm -f "$index"' EXIT
export GIT_INDEX_FILE="$index"
git read-tree HEAD
git add -f dist
manifest="$(node -e '
  const pkg = require("./package.json");
  delete pkg.scripts;          // no prepare, no build: installing runs nothing
  delete pkg.devDependencies;  // pre-commit 3.x runs npm install in the hook repo: runtime deps only
  process.stdout.write(JSON.stringify(pkg, null, 2) + "\n");
' | git hash-object -w --stdin)"
git update-index --cacheinfo "100644,$manifest,package.json"
tree="$(git write-tree)"
unset GIT_INDEX_FILE
base="$(git rev-parse HEAD)"
commit="$(git commit-tree "$tree" -p "$base" -m "Release $tag" -m "The built CLI (dist/) and an install-time manifest on top of $base.")"
git tag "$tag" "$commit"

# The tarball for npm, packed from the release commit itself.
stage="$(mktemp -d)"
git archive "$tag" | tar -x -C "$stage"
tarball="$(cd "$stage" && npm pack --silent --pack-destination "$root")"
rm -rf "$stage"

echo "release: tagged $tag ($commit), packed $tarball"
echo "publish: git push origin $tag && npm publish $tarball"
