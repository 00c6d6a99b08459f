#!/usr/bin/env node
// The benchmark (`npm run bench`, not part of the tests). Generates seeded synthetic workspaces
// of about 10 k, 100 k and 1 M lines under bench-corpus/ (git-ignored), then times on each:
// Node merely reading every file, a cold scan, a warm scan (--cache), a 10-file run (the
// pre-commit path), ripgrep with the rules' keywords and `ast-grep scan` with equivalent
// patterns (each when installed), and prints wall time, peak RSS, lines/s and ratios.
//
//   node scripts/bench.js [--sizes 10k,100k,1m] [--runs 3] [--seed 42] [--tls-crates-every 4] [--real <dir>]
//                         [--lsp-edits 20] [--lsp-only]
//
// Real code: when the corpus of scripts/real-corpus.sh exists (Debian's packaged sources of
// tokio, hyper, h2, rustls, reqwest, openssl, quinn… with their manifests; --real, else
// $AXUM_TLS_LINT_REAL_CORPUS, else ~/.cache/axum-tls-lint/real-corpus), a real-code row is
// added: cold scans alternating with `ast-grep scan` (the median of the per-pair ratios, which
// holds up on a loaded machine better than two medians), peak RSS, CPU time, a pre-commit run
// (ten files of rustls's src/ named, run inside the crate; cold, and with --cache warm) and what was
// parsed per crate.
//
// The language server: a generated 50-file axum/rustls crate under bench-corpus/lsp-50,
// `axum-tls-lint lsp` over stdio, one TLS file opened, then --lsp-edits edits (20) spaced beyond
// the debounce; each timed from the end of the debounce (edit sent + 250 ms) to its diagnostics.
// `--lsp-only` runs just this row.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateCorpus, generateLspCrate } from './bench-corpus.js';
import { LspClient } from './lsp-client.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'axum-tls-lint.js');
const GENERATOR_VERSION = 5;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SIZES = option('sizes', '10k,100k,1m')
  .split(',')
  .filter((s) => s && s !== 'none')
  .map((s) => ({ label: s, lines: Number(s.replace(/k$/i, '000').replace(/m$/i, '000000')) }));
const RUNS = Number(option('runs', '3'));
const SEED = Number(option('seed', '42'));
/** One crate in this many touches TLS (all of the ~3% of files that do are in those crates). */
const TLS_EVERY = Number(option('tls-crates-every', '4'));
const LSP_EDITS = Number(option('lsp-edits', '20'));
const LSP_ONLY = args.includes('--lsp-only');
const REAL = option(
  'real',
  process.env.AXUM_TLS_LINT_REAL_CORPUS ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'axum-tls-lint', 'real-corpus'),
);

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('bench: run `npm run build` first (npm run bench does)');
  process.exit(2);
}

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const RG = which('rg');
const AST_GREP = existsSync(join(root, 'node_modules', '.bin', 'ast-grep'))
  ? join(root, 'node_modules', '.bin', 'ast-grep')
  : which('ast-grep');

/** Writes the corpus unless the same generator, seed and size are already on disk. */
function corpus(size) {
  const dir = join(root, 'bench-corpus', TLS_EVERY === 4 ? size.label : `${size.label}-tls${TLS_EVERY}`);
  const stamp = JSON.stringify({ GENERATOR_VERSION, seed: SEED, lines: size.lines, TLS_EVERY });
  const stampFile = join(dir, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  const { files } = generateCorpus(size.lines, SEED, TLS_EVERY);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(stampFile, stamp);
  return dir;
}

function rustFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...rustFiles(path));
    else if (entry.name.endsWith('.rs')) out.push(path);
  }
  return out.sort();
}

/** Runs a command `RUNS` times: median wall time (ms) and the largest peak RSS (MB, from /usr/bin/time). */
function measure(command, commandArgs, { cwd = root, runs = RUNS, before } = {}) {
  const walls = [];
  let rss;
  let status;
  for (let i = 0; i < runs; i++) {
    before?.();
    const [cmd, argv] = TIME ? [TIME, ['-f', '@@rss %M', command, ...commandArgs]] : [command, commandArgs];
    const started = process.hrtime.bigint();
    const result = spawnSync(cmd, argv, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    status = result.status;
    const m = /@@rss (\d+)/.exec(result.stderr ?? '');
    if (m) rss = Math.max(rss ?? 0, Number(m[1]) / 1024);
  }
  walls.sort((a, b) => a - b);
  return { ms: walls[Math.floor(walls.length / 2)], rss, status };
}

/** Literal words of the rules and the crate model: what ripgrep looks for. */
async function keywords() {
  const { ALL_RULES } = await import(join(root, 'dist', 'rules', 'index.js'));
  const { MODEL_KEYWORDS } = await import(join(root, 'dist', 'model', 'keywords.js'));
  return [...new Set([...ALL_RULES.flatMap((r) => r.meta.keywords), ...MODEL_KEYWORDS])];
}

/** ast-grep rules roughly equivalent to ours: one or more patterns per rule, some relational. */
const AST_GREP_RULES = [
  ['mtls-no-client-auth', { pattern: '$C.with_no_client_auth()' }],
  [
    'always-accept-server-cert',
    {
      any: [
        { pattern: 'impl ServerCertVerifier for $T { $$$ }' },
        { pattern: '$B.danger_accept_invalid_certs(true)' },
        { pattern: '$B.set_verify(SslVerifyMode::NONE)' },
      ],
    },
  ],
  [
    'always-accept-client-cert',
    {
      all: [
        { pattern: 'impl ClientCertVerifier for $T { $$$ }' },
        { not: { has: { stopBy: 'end', pattern: 'Err($E)' } } },
      ],
    },
  ],
  [
    'client-auth-optional',
    {
      any: [{ pattern: 'AllowAnyAnonymousOrAuthenticatedClient::new($$$)' }, { pattern: '$B.allow_unauthenticated()' }],
    },
  ],
  [
    'crl-not-checked',
    {
      all: [
        { pattern: 'WebPkiClientVerifier::builder($R)' },
        { not: { inside: { stopBy: 'end', pattern: '$X.with_crls($$$)' } } },
      ],
    },
  ],
  [
    'legacy-tls-version',
    {
      any: [
        { pattern: '$B.min_protocol_version(Some(Protocol::Tlsv10))' },
        { pattern: '$B.set_min_proto_version(Some(SslVersion::TLS1))' },
        { pattern: '$B.min_tls_version($V)' },
      ],
    },
  ],
  [
    'missing-protocol-versions',
    { any: [{ pattern: 'ServerConfig::builder()' }, { pattern: 'ClientConfig::builder()' }] },
  ],
  ['plaintext-listener', { any: [{ pattern: 'axum::serve($L, $A)' }, { pattern: 'TcpListener::bind($ADDR)' }] }],
  ['private-key-in-source', { kind: 'string_literal', regex: 'PRIVATE KEY' }],
  ['tls-keylog-enabled', { pattern: '$C.key_log = $V' }],
  ['weak-cipher-suites', { any: [{ pattern: '$B.set_cipher_list($L)' }, { pattern: '$B.with_cipher_suites($L)' }] }],
  ['cert-details-logged', { all: [{ kind: 'macro_invocation' }, { regex: 'peer_certificates|peer_cert|subject' }] }],
  [
    'tls-error-leaked',
    {
      all: [
        { kind: 'tuple_expression' },
        { has: { pattern: 'StatusCode::$S' } },
        { has: { stopBy: 'end', pattern: '$E.to_string()' } },
      ],
    },
  ],
  [
    'identity-from-header',
    {
      all: [
        { pattern: '$H.get($N)' },
        { has: { stopBy: 'end', kind: 'string_literal', regex: '(?i)client-cert|ssl-client' } },
      ],
    },
  ],
  ['early-data-enabled', { pattern: '$C.max_early_data_size = $V' }],
  ['eku-not-checked', { pattern: '$C.verify_is_valid_tls_server_cert($$$)' }],
  [
    'signature-not-verified',
    {
      all: [
        { kind: 'function_item' },
        { regex: 'verify_tls1[23]_signature' },
        { not: { has: { stopBy: 'end', pattern: 'verify_tls12_signature($$$)' } } },
      ],
    },
  ],
  [
    'public-roots-for-client-auth',
    { any: [{ pattern: 'webpki_roots::TLS_SERVER_ROOTS' }, { pattern: 'rustls_native_certs::load_native_certs()' }] },
  ],
];

function yamlOf(value, indent = '') {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((v) => `\n${indent}- ${yamlOf(v, `${indent}  `).trimStart()}`).join('');
  return Object.entries(value)
    .map(([k, v]) => `\n${indent}${k}:${typeof v === 'string' ? ` ${yamlOf(v)}` : yamlOf(v, `${indent}  `)}`)
    .join('');
}

function astGrepRuleFile(dir) {
  const text = AST_GREP_RULES.map(
    ([id, rule]) => `id: ${id}\nlanguage: rust\nseverity: warning\nmessage: ${id}\nrule:${yamlOf(rule, '  ')}\n`,
  ).join('---\n');
  const file = join(dir, 'ast-grep-rules.yml');
  writeFileSync(file, text);
  return file;
}

/**
 * One run of `command`: wall time (ms), peak RSS (MB) and CPU time (user + system, s; both from
 * /usr/bin/time).
 */
function once(command, commandArgs, cwd = root) {
  const [cmd, argv] = TIME ? [TIME, ['-f', '@@rss %M @@cpu %U %S', command, ...commandArgs]] : [command, commandArgs];
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const m = /@@rss (\d+) @@cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  return { ms, rss: m ? Number(m[1]) / 1024 : undefined, cpu: m ? Number(m[2]) + Number(m[3]) : undefined };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The real-code row: the corpus of scripts/real-corpus.sh, one folder per crate (manifest and
 * sources). Our cold scan and ast-grep's alternate (which goes first alternates too); the ratio
 * is the median of the per-pair ratios. Then, per crate: files and bytes parsed (--debug).
 */
function realRow(dir, rules, readScript) {
  const crates = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files = rustFiles(dir);
  const lines = files.reduce((sum, f) => sum + readFileSync(f, 'utf8').split('\n').length, 0);
  const mb = files.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1e6;
  const debug = spawnSync(process.execPath, [bin, dir, '--debug', '-f', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const findings = JSON.parse(debug.stdout).findings.length;
  console.log(
    `== real code (${dir}): ${crates.length} crates, ${files.length} files, ${human(lines)} lines, ${mb.toFixed(1)} MB; ${findings} findings`,
  );
  const ours = [];
  const theirs = [];
  const ratios = [];
  const astArgs = [
    'scan',
    '--no-ignore',
    'hidden',
    '--no-ignore',
    'dot',
    '--no-ignore',
    'vcs',
    '--no-ignore',
    'parent',
    '-r',
    rules,
    dir,
  ];
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    let a;
    let b;
    if (i % 2 === 0) {
      a = once(process.execPath, [bin, dir, '-f', 'json']);
      b = AST_GREP ? once(AST_GREP, astArgs) : undefined;
    } else {
      b = AST_GREP ? once(AST_GREP, astArgs) : undefined;
      a = once(process.execPath, [bin, dir, '-f', 'json']);
    }
    ours.push(a);
    if (b) {
      theirs.push(b);
      ratios.push(a.ms / b.ms);
    }
  }
  const read = measure(process.execPath, [readScript, dir]);
  const maxRss = (runs) =>
    runs.some((r) => r.rss !== undefined) ? Math.max(...runs.map((r) => r.rss ?? 0)) : undefined;
  const row = (name, ms, rss, ratio) =>
    console.log(
      `${name.padEnd(32)} ${String(files.length).padStart(6)} ${fmt(ms / 1000, 3).padStart(8)} ${fmt(rss, 0).padStart(8)} ${human(Math.round(lines / (ms / 1000))).padStart(10)} ${ratio.padStart(10)}`,
    );
  console.log(
    `${'scenario'.padEnd(32)} ${'files'.padStart(6)} ${'wall s'.padStart(8)} ${'RSS MB'.padStart(8)} ${'lines/s'.padStart(10)} ${'x ast-grep'.padStart(10)}`,
  );
  row('node: read every file', read.ms, read.rss, '');
  const ourMs = median(ours.map((r) => r.ms));
  const ratio = ratios.length > 0 ? median(ratios) : undefined;
  row('axum-tls-lint cold', ourMs, maxRss(ours), ratio === undefined ? 'n/a' : `${fmt(ratio)} (pairs)`);
  if (theirs.length > 0)
    row(`ast-grep scan (${AST_GREP_RULES.length} rules)`, median(theirs.map((r) => r.ms)), maxRss(theirs), '1.00');
  // A pre-commit hook in a TLS-dense crate: ten files of rustls's src/ named, the rest of the crate as context.
  const rustls = crates.find((c) => c.startsWith('rustls-'));
  const named = rustls
    ? readdirSync(join(dir, rustls, 'src'))
        .filter((f) => f.endsWith('.rs'))
        .sort()
        .slice(0, 10)
        .map((f) => join('src', f))
    : [];
  const precommit = [];
  for (let i = 0; rustls && i < Math.max(RUNS, 3); i++)
    precommit.push(once(process.execPath, [bin, '-f', 'json', ...named], join(dir, rustls)));
  if (precommit.length > 0)
    row(`10 files of ${rustls} named`, median(precommit.map((r) => r.ms)), maxRss(precommit), '');
  // The same with --cache, the crate unchanged since the run that filled it (a changed file costs the cold row).
  const warmPrecommit = [];
  if (rustls) {
    const cacheDir = mkdtempSync(join(tmpdir(), 'axum-tls-lint-bench-cache-'));
    const args = [bin, '-f', 'json', '--cache', '--cache-location', cacheDir, ...named];
    once(process.execPath, args, join(dir, rustls));
    for (let i = 0; i < Math.max(RUNS, 3); i++) warmPrecommit.push(once(process.execPath, args, join(dir, rustls)));
    rmSync(cacheDir, { recursive: true, force: true });
    row('  the same, --cache warm', median(warmPrecommit.map((r) => r.ms)), maxRss(warmPrecommit), '');
  }
  const cpu = (runs) => (runs.some((r) => r.cpu !== undefined) ? fmt(median(runs.map((r) => r.cpu ?? 0))) : 'n/a');
  console.log(
    `CPU s (user+sys, median): axum-tls-lint cold ${cpu(ours)}, ast-grep ${cpu(theirs)}, 10 named files ${cpu(precommit)} (--cache warm ${cpu(warmPrecommit)})`,
  );
  console.log(`per-pair ratios: ${ratios.map((r) => fmt(r)).join(' ')}`);
  console.log(
    `${'crate'.padEnd(24)} ${'files'.padStart(6)} ${'parsed'.padStart(7)} ${'KiB parsed'.padStart(11)} ${'of KiB'.padStart(8)}`,
  );
  for (const c of crates) {
    const cfiles = rustFiles(join(dir, c));
    const kib = cfiles.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1024;
    const d = spawnSync(process.execPath, [bin, join(dir, c), '--debug', '-f', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const parsed = parsedOf(d.stderr);
    console.log(
      `${c.padEnd(24)} ${String(cfiles.length).padStart(6)} ${String(parsed?.[0] ?? '?').padStart(7)} ${String(parsed?.[2] ?? '?').padStart(11)} ${kib.toFixed(0).padStart(8)}`,
    );
  }
  console.log('');
}

/** Writes the language-server crate (small: written afresh each run). */
function lspCrate() {
  const dir = join(root, 'bench-corpus', 'lsp-50');
  const { files, tlsFiles } = generateLspCrate(SEED);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // A rustls server config with findings if one was generated: the file a developer would be fixing.
  const open = tlsFiles.find((f) => files.get(f).includes('ServerConfig::builder()')) ?? tlsFiles[0];
  return { dir, open, fileCount: [...files.keys()].filter((f) => f.endsWith('.rs')).length, tlsCount: tlsFiles.length };
}

/**
 * The language-server row: diagnostics for the first open, then for `LSP_EDITS` edits of that
 * buffer, each sent once the previous diagnostics are in and the debounce has passed again. An
 * edit's latency runs from the end of its debounce (sent + DEBOUNCE_MS) to its publishDiagnostics.
 */
async function lspRow() {
  const { DEBOUNCE_MS } = await import(join(root, 'dist', 'lsp', 'server.js'));
  const { dir, open, fileCount, tlsCount } = lspCrate();
  const uri = pathToFileURL(join(dir, open)).href;
  const text = readFileSync(join(dir, open), 'utf8');
  const client = LspClient.start(bin, dir);
  const diagnostics = (version) => client.diagnostics(uri, version);
  await client.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  client.notify('initialized', {});
  const opened = process.hrtime.bigint();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
  const first = await diagnostics(1);
  const firstMs = Number(first.at - opened) / 1e6;
  const latencies = [];
  let count;
  for (let version = 2; version < LSP_EDITS + 2; version++) {
    await sleep(DEBOUNCE_MS + 50);
    // A function added at the end, different each time: the buffer's tree and facts change.
    const edited = `${text}\npub fn edited_${version}() -> u32 {\n    ${version}\n}\n`;
    const sent = process.hrtime.bigint();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: edited }] });
    const published = await diagnostics(version);
    latencies.push(Number(published.at - sent) / 1e6 - DEBOUNCE_MS);
    count = published.params.diagnostics.length;
  }
  await client.close();
  const max = Math.max(...latencies);
  console.log(
    `== language server (${relative(root, dir)}: ${fileCount} files, ${tlsCount} touching TLS; ${open} open, ${count} diagnostics)`,
  );
  console.log(`first open: ${fmt(firstMs, 0)} ms to diagnostics (process already started and initialized)`);
  console.log(
    `${latencies.length} edits, after the ${DEBOUNCE_MS} ms debounce: median ${fmt(median(latencies), 0)} ms, max ${fmt(max, 0)} ms`,
  );
  console.log(`per edit (ms): ${latencies.map((l) => fmt(l, 0)).join(' ')}`);
  console.log(`${max < 200 ? 'PASS ' : 'FAIL '} diagnostics within 200 ms of the debounce: max ${fmt(max, 0)} ms\n`);
}

const fmt = (n, digits = 2) => (n === undefined ? 'n/a' : n.toFixed(digits));
const human = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : String(n));

async function main() {
  if (LSP_ONLY) {
    console.log(
      `axum-tls-lint benchmark: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}\n`,
    );
    await lspRow();
    return;
  }
  const words = await keywords();
  const scratch = mkdtempSync(join(tmpdir(), 'axum-tls-lint-bench-'));
  const wordsFile = join(scratch, 'keywords.txt');
  writeFileSync(wordsFile, `${words.join('\n')}\n`);
  const rules = astGrepRuleFile(scratch);
  const readScript = join(scratch, 'read.mjs');
  writeFileSync(
    readScript,
    `import { readdirSync, readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nlet bytes = 0;\nconst walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.endsWith('.rs')) bytes += readFileSync(p, 'utf8').length; } };\nwalk(process.argv[2]);\n`,
  );

  console.log(
    `axum-tls-lint benchmark: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${RUNS} runs per row (median wall time)`,
  );
  console.log(
    `baselines: ripgrep ${RG ? 'yes' : 'not installed'}, ast-grep ${AST_GREP ? 'yes' : 'not installed'}, peak RSS ${TIME ? 'from /usr/bin/time' : 'not measured (no /usr/bin/time)'}\n`,
  );
  const summary = [];
  for (const size of SIZES) {
    const started = Date.now();
    const dir = corpus(size);
    const files = rustFiles(dir);
    const lines = files.reduce((sum, f) => sum + readFileSync(f, 'utf8').split('\n').length, 0);
    const mb = files.reduce((sum, f) => sum + readFileSync(f).length, 0) / 1e6;
    const label = relative(root, dir);
    const debug = spawnSync(process.execPath, [bin, dir, '--debug', '-f', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const parsed = parsedOf(debug.stderr);
    const findings = JSON.parse(debug.stdout).findings.length;
    console.log(
      `== ${label}: ${files.length} files, ${human(lines)} lines, ${mb.toFixed(1)} MB (ready in ${((Date.now() - started) / 1000).toFixed(1)} s); ${findings} findings; parsed ${parsed ? `${parsed[0]} files, ${(parsed[2] / 1024).toFixed(1)} MB` : '?'} after the prefilter`,
    );

    const cache = join(scratch, `cache-${size.label}`);
    // Pre-commit runs: 10 files of one crate (its other files are read as context), in a crate
    // without TLS and in the first crate that touches TLS (the whole crate is then analysed).
    const crateOf = (f) => f.slice(0, f.indexOf('/src/') + 1);
    const tlsFile = files.find((f) => readFileSync(f, 'utf8').includes('rustls')) ?? files[0];
    const tlsCrate = crateOf(tlsFile);
    const tenTls = [tlsFile, ...files.filter((f) => f.startsWith(tlsCrate) && f !== tlsFile)].slice(0, 10);
    const plainCrate = [...new Set(files.map(crateOf))].find(
      (c) => !files.some((f) => f.startsWith(c) && /rustls|openssl|reqwest/.test(readFileSync(f, 'utf8'))),
    );
    const tenPlain = plainCrate ? files.filter((f) => f.startsWith(plainCrate)).slice(0, 10) : [];
    const rows = [];
    rows.push(['node: read every file', measure(process.execPath, [readScript, dir]), files.length]);
    rows.push(['axum-tls-lint cold', measure(process.execPath, [bin, dir, '-f', 'json']), files.length]);
    rows.push([
      'axum-tls-lint cold, 1 thread',
      measure(process.execPath, [bin, dir, '-f', 'json', '--workers', '0']),
      files.length,
    ]);
    rmSync(cache, { recursive: true, force: true });
    spawnSync(process.execPath, [bin, dir, '-f', 'json', '--cache', '--cache-location', cache], { stdio: 'ignore' });
    rows.push([
      'axum-tls-lint warm (--cache)',
      measure(process.execPath, [bin, dir, '-f', 'json', '--cache', '--cache-location', cache]),
      files.length,
    ]);
    if (tenPlain.length > 0)
      rows.push([
        'axum-tls-lint 10 files',
        measure(process.execPath, [bin, ...tenPlain, '-f', 'json']),
        tenPlain.length,
      ]);
    rows.push([
      'axum-tls-lint 10 files, TLS crate',
      measure(process.execPath, [bin, ...tenTls, '-f', 'json']),
      tenTls.length,
    ]);
    if (RG)
      rows.push([
        "rg -F (rules' keywords)",
        measure(RG, ['-c', '-F', '--no-ignore', '-f', wordsFile, dir]),
        files.length,
      ]);
    if (AST_GREP)
      rows.push([
        `ast-grep scan (${AST_GREP_RULES.length} rules)`,
        measure(AST_GREP, [
          'scan',
          '--no-ignore',
          'hidden',
          '--no-ignore',
          'dot',
          '--no-ignore',
          'vcs',
          '--no-ignore',
          'parent',
          '-r',
          rules,
          dir,
        ]),
        files.length,
      ]);

    const ms = (name) => rows.find(([n]) => n.startsWith(name))?.[1].ms;
    const astGrep = ms('ast-grep');
    const read = ms('node: read');
    console.log(
      `${'scenario'.padEnd(32)} ${'files'.padStart(6)} ${'wall s'.padStart(8)} ${'RSS MB'.padStart(8)} ${'lines/s'.padStart(10)} ${'x ast-grep'.padStart(10)} ${'x node read'.padStart(11)}`,
    );
    for (const [name, m, n] of rows) {
      const perFile = name.includes('10 files') ? '' : human(Math.round(lines / (m.ms / 1000)));
      console.log(
        `${name.padEnd(32)} ${String(n).padStart(6)} ${fmt(m.ms / 1000, 3).padStart(8)} ${fmt(m.rss, 0).padStart(8)} ${perFile.padStart(10)} ${(astGrep ? fmt(m.ms / astGrep) : 'n/a').padStart(10)} ${(read ? fmt(m.ms / read) : 'n/a').padStart(11)}`,
      );
    }
    console.log('');
    summary.push({
      size,
      lines,
      cold: ms('axum-tls-lint cold'),
      rss: rows.find(([n]) => n === 'axum-tls-lint cold')[1].rss,
      ten: ms('axum-tls-lint 10 files'),
      tenTls: ms('axum-tls-lint 10 files, TLS'),
      astGrep,
      read,
    });
  }
  if (existsSync(join(REAL, '.crates'))) realRow(REAL, rules, readScript);
  else console.log(`(no real-code corpus at ${REAL}: scripts/real-corpus.sh builds it)\n`);
  await lspRow();
  const big = summary.find((s) => s.size.lines >= 1_000_000);
  if (big) {
    const check = (ok, text) => console.log(`${ok === undefined ? '  ?  ' : ok ? 'PASS ' : 'FAIL '} ${text}`);
    console.log('targets (1 M lines, this machine):');
    check(
      big.astGrep ? big.cold < big.astGrep : undefined,
      `cold scan faster than ast-grep scan: ${fmt(big.cold / 1000)} s vs ${big.astGrep ? fmt(big.astGrep / 1000) : 'n/a'} s`,
    );
    check(big.cold < 2 * big.read, `cold scan within 2x of Node reading every file: ${fmt(big.cold / big.read)}x`);
    check(
      big.ten < 400,
      `10 files under 0.4 s: ${fmt(big.ten / 1000, 3)} s (10 files of a crate with TLS: ${fmt(big.tenTls / 1000, 3)} s)`,
    );
    check(big.rss === undefined ? undefined : big.rss < 400, `peak RSS under 400 MB: ${fmt(big.rss, 0)} MB`);
  }
  rmSync(scratch, { recursive: true, force: true });
}

await main();

/** [files parsed, files scanned, KiB parsed] from the --debug summary line. */
function parsedOf(stderr) {
  const m = /(\d+) files? scanned, (\d+) parsed \((\d+) KiB/.exec(stderr);
  return m ? [Number(m[2]), Number(m[1]), Number(m[3])] : undefined;
}
