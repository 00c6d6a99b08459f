// `npm publish` in a working copy would ship whatever dist/ happens to hold, with the
// development manifest: releases are published from the tarball that scripts/release.sh packs
// from the tagged release commit instead.
process.stderr.write(
  'axum-tls-lint: publish the release tarball: npm run release, then npm publish axum-tls-lint-<version>.tgz\n',
);
process.exit(1);
