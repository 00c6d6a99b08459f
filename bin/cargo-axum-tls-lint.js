#!/usr/bin/env node
// `cargo axum-tls-lint [options] [paths...]`: cargo runs `cargo-axum-tls-lint axum-tls-lint …`,
// the subcommand's own name first; without it, this is the plain command.
if (process.argv[2] === 'axum-tls-lint') process.argv.splice(2, 1);
await import('./axum-tls-lint.js');
