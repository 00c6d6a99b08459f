// Fuzz inputs: the fixtures (and the corpus) mutated by byte flips, truncation, splicing, deep
// nesting, token soup, line shuffles and re-encoding, plus random bytes. Every case is a pure
// function of (seed, index), so one failing case can be regenerated alone.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** mulberry32: small, fast, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A crate to mutate: its files (relative paths → bytes); one-file seeds have no Cargo.toml. */
export interface Seed {
  name: string;
  files: Record<string, Buffer>;
}

export interface FuzzCase {
  files: Record<string, Buffer>;
  /** What was done, for the failure report. */
  steps: string[];
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Every fixture file on its own, and every folder with a Cargo.toml as a multi-file crate. */
export function loadSeeds(roots: string[]): Seed[] {
  const seeds: Seed[] = [];
  for (const root of roots.filter((r) => existsSync(r) && statSync(r).isDirectory())) {
    const all = listFiles(root).sort();
    const crateRoots = all.filter((f) => f.endsWith('/Cargo.toml')).map(dirname);
    for (const crate of crateRoots) {
      const files: Record<string, Buffer> = {};
      for (const f of all)
        if (f.startsWith(`${crate}/`) && (f.endsWith('.rs') || f.endsWith('Cargo.toml')))
          files[relative(crate, f)] = readFileSync(f);
      seeds.push({ name: relative(root, crate), files });
    }
    for (const f of all) {
      if (!f.endsWith('.rs') || crateRoots.some((c) => f.startsWith(`${c}/`))) continue;
      seeds.push({ name: relative(root, f), files: { 'lib.rs': readFileSync(f) } });
    }
  }
  return seeds;
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  ';',
  ',',
  '::',
  '.',
  '?',
  '&',
  '&mut ',
  '*',
  '=',
  '=>',
  '->',
  '|',
  '||',
  '#',
  '#[',
  '#![',
  '!',
  '$',
  '@',
  "'",
  '"',
  "'a",
  'r#"',
  '"#',
  '/*',
  '*/',
  '//',
  '///',
  '\\',
  'b"',
  "b'",
  'fn ',
  'let ',
  'mut ',
  'impl ',
  'for ',
  'trait ',
  'struct ',
  'enum ',
  'mod ',
  'use ',
  'pub ',
  'async ',
  'await',
  'move ',
  'match ',
  'if ',
  'else ',
  'loop ',
  'while ',
  'return ',
  'unsafe ',
  'dyn ',
  'where ',
  'Self',
  'self',
  'crate::',
  'super::',
  'macro_rules! ',
  'ServerConfig::builder()',
  '.with_no_client_auth()',
  '.with_client_cert_verifier(v)',
  'Arc::new(',
  'rustls::',
  'tokio_rustls::rustls::',
  'WebPkiClientVerifier::builder(roots)',
  'Ok(ServerCertVerified::assertion())',
  'danger_accept_invalid_certs(true)',
  'info!(',
  'format!("{cert:?}")',
  'peer_certificates()',
  'SslVerifyMode::NONE',
  'TcpListener::bind("0.0.0.0:80")',
  'axum::serve(',
  'client_ca',
  '0x',
  '1e9',
  "'\\u{1F512}'",
];
const UNICODE = [
  'é',
  'ü',
  'ß',
  '🔒',
  '𝒳',
  '中文',
  '\u200b',
  '\u0301',
  '\u2028',
  '\ufeff',
  '\r',
  '\t',
  '\u0000',
  '\uffff',
  '\ud83d',
];

function pick<T>(r: () => number, list: T[]): T {
  return list[Math.floor(r() * list.length)];
}
function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

type Mutator = (r: () => number, text: Buffer, seeds: Seed[]) => [Buffer, string];

const MUTATORS: Array<[number, Mutator]> = [
  [
    3,
    (r, b) => {
      const out = Buffer.from(b);
      const n = int(r, 1, 8);
      for (let i = 0; i < n && out.length > 0; i++) out[int(r, 0, out.length - 1)] = int(r, 0, 255);
      return [out, `flip ${n} bytes`];
    },
  ],
  [
    3,
    (r, b) => {
      const at = int(r, 0, b.length);
      return [b.subarray(0, at), `truncate at ${at}`];
    },
  ],
  [
    3,
    (r, b, seeds) => {
      const other = someRust(r, seeds);
      const at = int(r, 0, b.length);
      const from = int(r, 0, other.length);
      if (r() < 0.5)
        return [
          Buffer.concat([b.subarray(0, at), other.subarray(from)]),
          `splice at ${at} with the tail of another file from ${from}`,
        ];
      const len = int(r, 0, Math.min(2000, other.length - from));
      return [
        Buffer.concat([b.subarray(0, at), other.subarray(from, from + len), b.subarray(at)]),
        `insert ${len} bytes of another file at ${at}`,
      ];
    },
  ],
  [
    2,
    (r, b) => {
      const deep = r() < 0.08;
      const k = deep ? int(r, 900, 2500) : int(r, 1, 60);
      const [open, close] = pick(r, [
        ['(', ')'],
        ['{', '}'],
        ['[', ']'],
        ['f(', ')'],
        ['if a { ', ' } else { b }'],
        ['match a { _ => ', ' }'],
        ['&', ''],
        ['!', ''],
        ['|| ', ''],
        ['Vec<', '>'],
        ['Some(', ')'],
        ['x.m(', ')'],
      ]);
      const text = b.toString('latin1');
      const at = int(r, 0, text.length);
      const to = int(r, at, Math.min(text.length, at + 400));
      return [
        Buffer.from(
          text.slice(0, at) + open.repeat(k) + text.slice(at, to) + close.repeat(k) + text.slice(to),
          'latin1',
        ),
        `nest ${JSON.stringify(open)} x${k} at ${at}`,
      ];
    },
  ],
  [
    3,
    (r, b) => {
      const text = b.toString('utf8');
      let out = text;
      const n = int(r, 1, 12);
      for (let i = 0; i < n; i++) {
        const at = int(r, 0, out.length);
        out = out.slice(0, at) + pick(r, TOKENS) + out.slice(at);
      }
      return [Buffer.from(out), `insert ${n} tokens`];
    },
  ],
  [
    2,
    (r, b) => {
      const lines = b.toString('utf8').split('\n');
      const op = pick(r, ['delete', 'duplicate', 'swap', 'reverse-block']);
      const i = int(r, 0, lines.length - 1),
        j = int(r, 0, lines.length - 1);
      if (op === 'delete') lines.splice(i, int(r, 1, 5));
      else if (op === 'duplicate') lines.splice(i, 0, ...lines.slice(i, i + int(r, 1, 5)));
      else if (op === 'swap') [lines[i], lines[j]] = [lines[j], lines[i]];
      else lines.splice(Math.min(i, j), Math.abs(i - j), ...lines.slice(Math.min(i, j), Math.max(i, j)).reverse());
      return [Buffer.from(lines.join('\n')), `lines: ${op} at ${i}`];
    },
  ],
  [
    2,
    (r, b) => {
      const text = b.toString('utf8');
      let out = text;
      const n = int(r, 1, 10);
      for (let i = 0; i < n; i++) {
        const at = int(r, 0, out.length);
        out = out.slice(0, at) + pick(r, UNICODE) + out.slice(at);
      }
      return [Buffer.from(out), `insert ${n} unusual characters`];
    },
  ],
  [
    2,
    (r, b) => {
      const kind = pick(r, ['bom', 'utf16le-bom', 'utf16be-bom', 'utf16le', 'crlf', 'cr', 'latin1', 'invalid-utf8']);
      const text = b.toString('utf8');
      switch (kind) {
        case 'bom':
          return [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]), kind];
        case 'utf16le-bom':
          return [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), kind];
        case 'utf16be-bom':
          return [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), kind];
        case 'utf16le':
          return [Buffer.from(text, 'utf16le'), kind];
        case 'crlf':
          return [Buffer.from(text.replace(/\n/g, '\r\n')), kind];
        case 'cr':
          return [Buffer.from(text.replace(/\n/g, '\r')), kind];
        case 'latin1':
          return [Buffer.from(`// é ü ß ${text}`, 'latin1'), kind];
        default: {
          const out = Buffer.from(b);
          for (let i = 0; i < 4 && out.length > 0; i++)
            out[int(r, 0, out.length - 1)] = pick(r, [0x80, 0xc3, 0xe2, 0xf0, 0xff, 0xfe, 0xc0]);
          return [out, kind];
        }
      }
    },
  ],
];
const TOTAL_WEIGHT = MUTATORS.reduce((s, [w]) => s + w, 0);

function someRust(r: () => number, seeds: Seed[]): Buffer {
  const seed = pick(r, seeds);
  const rs = Object.keys(seed.files).filter((f) => f.endsWith('.rs'));
  return seed.files[pick(r, rs)];
}

function mutate(r: () => number, b: Buffer, seeds: Seed[], steps: string[]): Buffer {
  let out = b;
  const n = int(r, 1, 3);
  for (let i = 0; i < n; i++) {
    let x = r() * TOTAL_WEIGHT;
    const entry = MUTATORS.find(([w]) => (x -= w) < 0) ?? MUTATORS[0];
    const [next, step] = entry[1](r, out, seeds);
    out = next;
    steps.push(step);
  }
  return out;
}

/** Case `index` of a run seeded with `seed`. */
export function makeCase(seed: number, index: number, seeds: Seed[]): FuzzCase {
  const r = prng((seed * 0x9e3779b1) ^ (index * 0x85ebca6b) ^ 0x27d4eb2f);
  const roll = r();
  if (roll < 0.03) {
    const bytes = Buffer.alloc(int(r, 0, 4096));
    for (let i = 0; i < bytes.length; i++) bytes[i] = int(r, 0, 255);
    return { files: { 'lib.rs': bytes }, steps: [`${bytes.length} random bytes`] };
  }
  if (roll < 0.06) {
    let text = '';
    const n = int(r, 0, 400);
    for (let i = 0; i < n; i++) text += pick(r, TOKENS) + (r() < 0.2 ? '\n' : ' ');
    return { files: { 'lib.rs': Buffer.from(text) }, steps: [`${n} random tokens`] };
  }
  const base = pick(r, seeds);
  const steps = [`from ${base.name}`];
  const files = { ...base.files };
  const rs = Object.keys(files).filter((f) => f.endsWith('.rs'));
  const targets = r() < 0.2 && rs.length > 1 ? rs.filter(() => r() < 0.5) : [pick(r, rs)];
  for (const f of targets) {
    steps.push(`mutate ${f}:`);
    files[f] = mutate(r, files[f], seeds, steps);
  }
  return { files, steps };
}
