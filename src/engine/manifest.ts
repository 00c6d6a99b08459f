// What a crate's Cargo manifest says about TLS: whether the crate (through its manifest, its
// workspace's or a path dependency's) can use a TLS library at all. A crate that cannot holds no
// finding of the rules about TLS configuration (prefilter.ts; a rule says with meta.withoutTlsDependency whether it can fire without one), so its files need not
// be parsed for them. Anything unclear (no manifest, one that does not parse) counts as TLS.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'smol-toml';

/**
 * Crates that are, wrap or bind a TLS implementation (or parse certificates), by their
 * crates.io name. A dependency on one of them (renamed or not, in any dependency table, for
 * any target) makes a crate a TLS crate.
 */
export const TLS_CRATES = new Set([
  'rustls',
  'rustls-pemfile',
  'rustls-pki-types',
  'rustls-native-certs',
  'rustls-platform-verifier',
  'rustls-webpki',
  'rustls-acme',
  'tokio-rustls',
  'hyper-rustls',
  'futures-rustls',
  'async-rustls',
  'actix-tls',
  'tls-listener',
  'axum-server',
  'tide-rustls',
  'webpki',
  'webpki-roots',
  'openssl',
  'openssl-sys',
  'openssl-probe',
  'tokio-openssl',
  'hyper-openssl',
  'async-openssl',
  'postgres-openssl',
  'postgres-native-tls',
  'tokio-postgres-rustls',
  'native-tls',
  'tokio-native-tls',
  'async-native-tls',
  'hyper-tls',
  'async-tls',
  'schannel',
  'security-framework',
  'boring',
  'boring-sys',
  'tokio-boring',
  'hyper-boring',
  's2n-tls',
  's2n-tls-tokio',
  's2n-quic',
  'mbedtls',
  'wolfssl',
  'quinn',
  'quinn-proto',
  'quiche',
  'x509-parser',
  'x509-cert',
  'x509-certificate',
  'rcgen',
  'pem',
  'der',
  'der-parser',
  'picky',
  'ring',
  'aws-lc-rs',
]);

/**
 * Crates that use TLS with their default features (a dependency without `default-features =
 * false` is a TLS dependency): HTTP clients, mail, databases and SDKs that connect over TLS.
 */
const TLS_BY_DEFAULT = new Set([
  'reqwest',
  'ureq',
  'isahc',
  'attohttpc',
  'curl',
  'surf',
  'lettre',
  'mongodb',
  'mysql', // native-tls by default up to 25
  'lapin',
  'ldap3',
  'imap',
  'async-nats',
  'nats',
  'kube',
  'kube-client',
  'sentry',
  'octocrab',
  'aws-config',
  'aws-smithy-runtime',
  'aws-smithy-client',
  'aws-smithy-http-client',
  'elasticsearch',
  'tiberius',
  'google-cloud-auth',
  'yup-oauth2',
  'oauth2',
  'openidconnect',
  'rumqttc',
  'paho-mqtt',
  'tonic-reflection',
  'opentelemetry-otlp',
  'self_update',
  'hickory-resolver',
  'trust-dns-resolver',
]);

/** A feature that turns TLS on (`rustls-tls`, `tls-rustls`, `native-tls`, `openssl`, `ssl`, `https`, `quic`…). */
const TLS_FEATURE = /tls|ssl|https|quic|webpki|certs?\b|boring|x509/i;

const DEPENDENCY_TABLES = [
  'dependencies',
  'dev-dependencies',
  'dev_dependencies',
  'build-dependencies',
  'build_dependencies',
];

type Table = Record<string, unknown>;

/** Why a crate counts as a TLS crate (a short reason for --debug), or undefined when it does not. */
export function tlsReasonOf(crateRoot: string): string | undefined {
  return reasonOf(crateRoot, new Set());
}

const cache = new Map<string, string | undefined>();

/** Forgets the manifests read so far (each run reads them afresh: they may have changed). */
export function resetManifestCache(): void {
  cache.clear();
  defaultFeatureCache.clear();
}

function reasonOf(crateRoot: string, visiting: Set<string>): string | undefined {
  const key = resolve(crateRoot);
  if (cache.has(key)) return cache.get(key);
  if (visiting.has(key)) return undefined; // a cycle of path dependencies: its other members decide
  visiting.add(key);
  let reason: string | undefined;
  try {
    reason = computeReason(key, visiting);
  } catch (err) {
    reason = `manifest not read (${(err as Error).message.split('\n')[0]})`;
  }
  visiting.delete(key);
  cache.set(key, reason);
  return reason;
}

function computeReason(crateRoot: string, visiting: Set<string>): string | undefined {
  const manifest = readManifest(join(crateRoot, 'Cargo.toml'));
  if (!manifest) return 'no manifest';
  const name = (manifest.package as Table | undefined)?.name;
  if (typeof name === 'string' && (TLS_CRATES.has(name) || TLS_BY_DEFAULT.has(name))) return `the crate is ${name}`;
  const own = manifestReason(manifest, crateRoot, visiting);
  if (own) return own;
  // The workspace the crate belongs to: its shared dependencies and its root package.
  const workspace = workspaceRootOf(crateRoot, manifest);
  if (workspace && workspace !== crateRoot) {
    const root = readManifest(join(workspace, 'Cargo.toml'));
    if (!root) return 'workspace manifest not read';
    const shared = manifestReason(root, workspace, visiting);
    if (shared) return `workspace: ${shared}`;
  }
  return undefined;
}

const defaultFeatureCache = new Map<string, Set<string>>();

/** The features a build gets without asking (`[features] default = [..]`, and what those enable in turn). */
export function defaultFeatures(crateRoot: string): Set<string> {
  const key = resolve(crateRoot);
  const known = defaultFeatureCache.get(key);
  if (known) return known;
  const out = new Set<string>();
  try {
    const features = readManifest(join(key, 'Cargo.toml'))?.features;
    const table = isTable(features) ? (features as Table) : {};
    const visit = (name: string) => {
      if (out.has(name)) return;
      out.add(name);
      const enables = table[name];
      if (Array.isArray(enables)) for (const e of enables) if (typeof e === 'string' && !e.includes('/')) visit(e);
    };
    const defaults = table.default;
    if (Array.isArray(defaults)) for (const d of defaults) if (typeof d === 'string' && !d.includes('/')) visit(d);
  } catch {
    // An unreadable manifest: no default features known.
  }
  defaultFeatureCache.set(key, out);
  return out;
}

function readManifest(path: string): Table | undefined {
  if (!existsSync(path)) return undefined;
  return parse(readFileSync(path, 'utf8')) as Table;
}

/** The TLS dependency a manifest names (any table, any target, the workspace's shared ones, its own features). */
function manifestReason(manifest: Table, dir: string, visiting: Set<string>): string | undefined {
  const tables: Table[] = [];
  for (const t of DEPENDENCY_TABLES) if (isTable(manifest[t])) tables.push(manifest[t] as Table);
  if (isTable(manifest.target)) {
    for (const target of Object.values(manifest.target as Table)) {
      if (!isTable(target)) continue;
      for (const t of DEPENDENCY_TABLES) if (isTable((target as Table)[t])) tables.push((target as Table)[t] as Table);
    }
  }
  const ws = manifest.workspace;
  if (isTable(ws) && isTable((ws as Table).dependencies)) tables.push((ws as Table).dependencies as Table);
  for (const table of tables) {
    for (const [key, spec] of Object.entries(table)) {
      const reason = dependencyReason(key, spec, dir, visiting);
      if (reason) return reason;
    }
  }
  // The crate's own features: `tls = ["dep:foo/rustls"]`, `https = ["hyper/…"]`.
  if (isTable(manifest.features)) {
    for (const [feature, enables] of Object.entries(manifest.features as Table)) {
      if (!Array.isArray(enables)) continue;
      const hit = enables.find(
        (e) => typeof e === 'string' && e.includes('/') && TLS_FEATURE.test(e.slice(e.indexOf('/') + 1)),
      );
      if (hit) return `feature ${feature} enables ${hit}`;
    }
  }
  return undefined;
}

function dependencyReason(key: string, spec: unknown, dir: string, visiting: Set<string>): string | undefined {
  const s = isTable(spec) ? (spec as Table) : {};
  const name = typeof s.package === 'string' ? s.package : key;
  if (TLS_CRATES.has(name) || TLS_CRATES.has(key)) return `depends on ${name}`;
  if (TLS_BY_DEFAULT.has(name) && s['default-features'] !== false && s.default_features !== false)
    return `depends on ${name} (TLS by default)`;
  const features = Array.isArray(s.features) ? s.features : [];
  const feature = features.find((f) => typeof f === 'string' && TLS_FEATURE.test(f));
  if (feature) return `depends on ${name} with feature ${feature}`;
  // A dependency inherited from the workspace (`foo.workspace = true`) is checked there.
  if (typeof s.path === 'string') {
    const inner = reasonOf(resolve(dir, s.path), visiting);
    if (inner)
      return `depends on ${name} (path), which ${inner.startsWith('depends') ? inner : `counts as TLS: ${inner}`}`;
  }
  return undefined;
}

/** The folder of the workspace root manifest a crate belongs to, if any. */
function workspaceRootOf(crateRoot: string, manifest: Table): string | undefined {
  if (isTable(manifest.workspace)) return crateRoot;
  const pkg = manifest.package as Table | undefined;
  if (pkg && typeof pkg.workspace === 'string') return resolve(crateRoot, pkg.workspace);
  for (let d = dirname(crateRoot); ; d = dirname(d)) {
    const path = join(d, 'Cargo.toml');
    if (existsSync(path)) {
      try {
        if (/^\s*\[workspace\]/m.test(readFileSync(path, 'utf8'))) return d;
      } catch {
        return d;
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

function isTable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
