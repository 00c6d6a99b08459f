// A synthetic, seeded Rust workspace for the benchmark: several crates (axum services and plain
// libraries) with Cargo.toml, modules of mixed sizes (nested folders, a few very large files),
// realistic items (serde models, axum handlers, sqlx repositories, thiserror errors, services,
// algorithms, unit tests) and a small share of files that touch TLS (rustls, reqwest, openssl;
// some misconfigured). Same seed and size → same bytes.

/** mulberry32 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  'order',
  'invoice',
  'customer',
  'account',
  'shipment',
  'product',
  'payment',
  'ledger',
  'tenant',
  'device',
  'sensor',
  'reading',
  'session',
  'report',
  'quota',
  'plan',
  'coupon',
  'address',
  'carrier',
  'warehouse',
  'batch',
  'job',
  'task',
  'event',
  'alert',
  'metric',
  'user',
  'team',
  'project',
  'document',
  'comment',
  'review',
  'rating',
  'booking',
  'slot',
  'route',
  'vehicle',
  'driver',
  'parcel',
  'label',
  'refund',
  'charge',
  'subscription',
];
const VERBS = [
  'load',
  'store',
  'compute',
  'validate',
  'normalize',
  'merge',
  'split',
  'apply',
  'resolve',
  'estimate',
  'schedule',
  'dispatch',
  'reconcile',
  'aggregate',
  'render',
  'parse',
  'encode',
  'decode',
  'refresh',
  'expire',
  'archive',
  'restore',
  'score',
  'rank',
  'group',
  'index',
  'publish',
];
const ADJS = [
  'pending',
  'active',
  'archived',
  'draft',
  'final',
  'partial',
  'daily',
  'monthly',
  'regional',
  'primary',
  'backup',
  'cached',
  'stale',
];
const LIBS = [
  'geo',
  'money',
  'units',
  'textkit',
  'ratelimit',
  'scheduler',
  'cachekit',
  'idgen',
  'csvio',
  'stats',
  'graphs',
  'queue',
  'retry',
  'timeseries',
];

const pascal = (s) =>
  s
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

class Gen {
  constructor(seed) {
    this.r = prng(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.r() * list.length)];
  }
  chance(p) {
    return this.r() < p;
  }
  noun() {
    return this.pick(NOUNS);
  }
  ident() {
    return `${this.pick(VERBS)}_${this.noun()}${this.chance(0.3) ? `_${this.pick(ADJS)}` : ''}`;
  }

  model() {
    const n = this.noun();
    const T = pascal(n);
    const fields = Array.from({ length: this.int(3, 9) }, (_, i) => {
      const f = this.pick([
        `${this.noun()}_id: Uuid`,
        `name: String`,
        `note: Option<String>`,
        `amount_cents: i64`,
        `created_at: DateTime<Utc>`,
        `tags: Vec<String>`,
        `status: ${T}Status`,
        `quantity: u32`,
        `ratio: f64`,
        `enabled: bool`,
        `updated_at: Option<DateTime<Utc>>`,
      ]);
      return `    pub ${f.replace(/^(\w+)/, `$1${i}`)},`;
    });
    return `#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ${T}${this.int(1, 999)} {
${fields.join('\n')}
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum ${T}Status${this.int(1, 999)} {
    ${['Pending', 'Active', 'Suspended', 'Closed'].slice(0, this.int(2, 4)).join(',\n    ')},
}
`;
  }

  implBlock() {
    const T = `${pascal(this.noun())}Book${this.int(1, 999)}`;
    const methods = Array.from({ length: this.int(2, 6) }, () => {
      const m = this.ident();
      return this.pick([
        `    pub fn ${m}(&self, limit: usize) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.weight > self.threshold && !e.label.is_empty())
            .take(limit)
            .collect()
    }`,
        `    pub fn ${m}(&mut self, key: &str, weight: f64) -> bool {
        if let Some(entry) = self.entries.iter_mut().find(|e| e.label == key) {
            entry.weight = (entry.weight + weight) / 2.0;
            return true;
        }
        self.entries.push(Entry { label: key.to_owned(), weight });
        false
    }`,
        `    pub fn ${m}(&self) -> HashMap<String, f64> {
        let mut out = HashMap::new();
        for e in &self.entries {
            *out.entry(e.label.clone()).or_insert(0.0) += e.weight;
        }
        out
    }`,
      ]);
    });
    return `pub struct ${T} {
    entries: Vec<Entry>,
    threshold: f64,
}

impl ${T} {
    pub fn new(threshold: f64) -> Self {
        Self { entries: Vec::with_capacity(64), threshold }
    }

${methods.join('\n\n')}
}
`;
  }

  algorithm() {
    const f = this.ident();
    return this.pick([
      `pub fn ${f}(values: &[i64], window: usize) -> Vec<f64> {
    if window == 0 || values.len() < window {
        return Vec::new();
    }
    let mut sum: i64 = values[..window].iter().sum();
    let mut out = vec![sum as f64 / window as f64];
    for i in window..values.len() {
        sum += values[i] - values[i - window];
        out.push(sum as f64 / window as f64);
    }
    out
}
`,
      `pub fn ${f}(input: &str) -> Result<Vec<(String, u32)>, ParseError> {
    let mut out = Vec::new();
    for (line_no, line) in input.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').ok_or(ParseError::MissingSeparator(line_no + 1))?;
        let value: u32 = value.trim().parse().map_err(|_| ParseError::BadNumber(line_no + 1))?;
        out.push((key.trim().to_lowercase(), value));
    }
    Ok(out)
}
`,
      `pub fn ${f}(graph: &HashMap<u32, Vec<u32>>, start: u32) -> Vec<u32> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([start]);
    let mut order = Vec::new();
    while let Some(node) = queue.pop_front() {
        if !seen.insert(node) {
            continue;
        }
        order.push(node);
        for next in graph.get(&node).into_iter().flatten() {
            if !seen.contains(next) {
                queue.push_back(*next);
            }
        }
    }
    order
}
`,
      `pub fn ${f}(amount: Decimal, rate: Decimal, periods: u32) -> Decimal {
    let mut total = amount;
    for period in 0..periods {
        let interest = (total * rate / Decimal::from(12)).round_dp(2);
        total += interest;
        if period % 12 == 11 {
            total = total.round_dp(2);
        }
    }
    match total.cmp(&amount) {
        Ordering::Less => amount,
        _ => total,
    }
}
`,
    ]);
  }

  handler() {
    const n = this.noun();
    const T = pascal(n);
    const f = this.ident();
    return this.pick([
      `pub async fn ${f}(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Json<Vec<${T}>>, AppError> {
    let limit = params.limit.unwrap_or(50).min(500);
    let rows = sqlx::query_as::<_, ${T}>("SELECT * FROM ${n}s WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2")
        .bind(params.tenant_id)
        .bind(limit as i64)
        .fetch_all(&state.db)
        .await?;
    Ok(Json(rows))
}
`,
      `pub async fn ${f}(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Json(body): Json<Update${T}>,
) -> Result<StatusCode, AppError> {
    body.validate().map_err(|e| AppError::Invalid(e.to_string()))?;
    let updated = state.${n}s.update(id, body).await?;
    if updated {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
`,
      `pub async fn ${f}(State(state): State<AppState>, Path(id): Path<Uuid>) -> impl IntoResponse {
    match state.${n}s.find(id).await {
        Ok(Some(item)) => (StatusCode::OK, Json(item)).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(%err, "lookup failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
`,
    ]);
  }

  repository() {
    const n = this.noun();
    const T = pascal(n);
    return `pub struct ${T}Repo${this.int(1, 999)} {
    pool: PgPool,
}

impl ${T}Repo${this.int(1, 999)} {
    pub async fn find(&self, id: Uuid) -> sqlx::Result<Option<${T}>> {
        sqlx::query_as("SELECT id, name, created_at FROM ${n}s WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn count_since(&self, since: DateTime<Utc>) -> sqlx::Result<i64> {
        let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM ${n}s WHERE created_at >= $1")
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}
`;
  }

  errorEnum() {
    return `#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::BAD_REQUEST,
            AppError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(serde_json::json!({ "error": status.canonical_reason() }))).into_response()
    }
}
`;
  }

  tests() {
    const f = this.ident();
    return `#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ${f}_handles_empty_input() {
        let out = Vec::<u32>::new();
        assert!(out.is_empty());
        assert_eq!(out.len(), 0);
    }

    #[test]
    fn ${f}_is_stable() {
        let a: Vec<u32> = (0..100).collect();
        let b = a.clone();
        assert_eq!(a, b);
    }
}
`;
  }

  /** A module's TLS code, misconfigured when `bad`; `variant` picks the template (default: at random). */
  tlsFile(bad, variant) {
    const templates = [
      `use std::sync::Arc;
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};

pub fn server_config(certs: Vec<CertificateDer<'static>>, key: PrivateKeyDer<'static>, client_ca: &RootCertStore) -> anyhow::Result<Arc<ServerConfig>> {
${
  bad
    ? `    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)?;`
    : `    let verifier = WebPkiClientVerifier::builder(Arc::new(client_ca.clone())).build()?;
    let config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)?;`
}
    Ok(Arc::new(config))
}
`,
      `pub fn partner_client(ca_pem: &[u8]) -> reqwest::Result<reqwest::Client> {
    let ca = reqwest::Certificate::from_pem(ca_pem)?;
    reqwest::Client::builder()
        .use_rustls_tls()
        .add_root_certificate(ca)${bad ? '\n        .danger_accept_invalid_certs(true)' : ''}
        .min_tls_version(reqwest::tls::Version::TLS_1_2)
        .timeout(std::time::Duration::from_secs(10))
        .build()
}
`,
      `use openssl::ssl::{SslAcceptor, SslFiletype, SslMethod, SslVerifyMode};

pub fn acceptor(cert: &str, key: &str, client_ca: &str) -> Result<SslAcceptor, openssl::error::ErrorStack> {
    let mut builder = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())?;
    builder.set_private_key_file(key, SslFiletype::PEM)?;
    builder.set_certificate_chain_file(cert)?;
    builder.set_ca_file(client_ca)?;
    builder.set_verify(${bad ? 'SslVerifyMode::NONE' : 'SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT'});
    Ok(builder.build())
}
`,
    ];
    return variant === undefined ? this.pick(templates) : templates[variant];
  }

  /**
   * A TLS error crossing files: `cert_store.rs` declares an error enum wrapping `rustls::Error` and
   * a function returning it; an admin handler in another file calls it and, when `bad`, sends the
   * error's text in the response. The handler's file names nothing of TLS itself.
   */
  certStoreFiles(bad) {
    const store = `use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum CertStoreError {
    #[error("invalid certificate: {0}")]
    Tls(#[from] rustls::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

pub fn reload_certificates(dir: &Path) -> Result<usize, CertStoreError> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let pem = std::fs::read(entry?.path())?;
        let _ = rustls_pemfile::certs(&mut pem.as_slice()).count();
        count += 1;
    }
    Ok(count)
}
`;
    const admin = `use axum::{extract::State, http::StatusCode, response::{IntoResponse, Response}};

pub async fn reload_tls(State(state): State<AppState>) -> Response {
    match crate::cert_store::reload_certificates(&state.cert_dir) {
        Ok(n) => (StatusCode::OK, format!("{n} certificates loaded")).into_response(),
${
  bad
    ? '        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),'
    : `        Err(err) => {
            tracing::error!(error = %err, "certificate reload failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "reload failed").into_response()
        }`
}
    }
}
${this.handler()}`;
    return { store, admin };
  }

  /** A module of about `lines` lines made of items of the crate's kind. */
  module(kind, lines, tls) {
    const header =
      kind === 'service'
        ? 'use axum::{extract::{Path, Query, State}, http::StatusCode, response::{IntoResponse, Response}, Json};\nuse serde::{Deserialize, Serialize};\nuse uuid::Uuid;\n'
        : 'use std::cmp::Ordering;\nuse std::collections::{HashMap, HashSet, VecDeque};\n';
    const parts = [header];
    let count = header.split('\n').length;
    if (tls) {
      const t = this.tlsFile(this.chance(0.4));
      parts.push(t);
      count += t.split('\n').length;
    }
    while (count < lines) {
      const item =
        kind === 'service'
          ? this.pick([
              () => this.model(),
              () => this.handler(),
              () => this.handler(),
              () => this.repository(),
              () => this.implBlock(),
              () => this.algorithm(),
            ])()
          : this.pick([() => this.implBlock(), () => this.algorithm(), () => this.algorithm(), () => this.model()])();
      parts.push(item);
      count += item.split('\n').length;
    }
    if (this.chance(0.3)) parts.push(this.tests());
    return parts.join('\n');
  }

  moduleSize() {
    const x = this.r();
    if (x < 0.7) return this.int(40, 250);
    if (x < 0.95) return this.int(250, 800);
    return this.int(800, 3000);
  }
}

/**
 * The files of a workspace of about `targetLines` lines: path → content.
 * About 3% of the files touch TLS, all of them in one crate in `tlsCrateEvery` (a quarter by default).
 */
export function generateCorpus(targetLines, seed = 42, tlsCrateEvery = 4) {
  const g = new Gen(seed ^ targetLines);
  const files = new Map();
  const crateCount = Math.max(3, Math.round(Math.sqrt(targetLines / 600)));
  const perCrate = targetLines / crateCount;
  const members = [];
  let total = 0;
  for (let c = 0; c < crateCount; c++) {
    const service = c % 3 !== 2;
    const name = service
      ? `${g.noun()}-${['api', 'service', 'gateway', 'worker'][c % 4]}-${c}`
      : `${g.pick(LIBS)}-${c}`;
    const tlsCrate = c % tlsCrateEvery === 0;
    members.push(`crates/${name}`);
    files.set(
      `crates/${name}/Cargo.toml`,
      `[package]\nname = "${name}"\nversion = "0.${c}.0"\nedition = "2021"\n\n[dependencies]\n${service ? 'axum = "0.7"\nserde = { version = "1", features = ["derive"] }\nsqlx = "0.7"\ntokio = { version = "1", features = ["full"] }\n' : ''}${tlsCrate ? 'rustls = "0.23"\nreqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\n' : ''}`,
    );
    const mods = [];
    let lines = 0;
    for (let m = 0; lines < perCrate; m++) {
      const size = g.moduleSize();
      const folder = g.chance(0.4)
        ? `${g.pick(['api', 'domain', 'infra', 'core', 'util'])}/${g.chance(0.3) ? `${g.noun()}/` : ''}`
        : '';
      const path = `crates/${name}/src/${folder}${g.noun()}_${m}.rs`;
      const tls = tlsCrate && g.chance(0.03 * tlsCrateEvery); // about 3% of all files touch TLS
      const text = g.module(service ? 'service' : 'library', size, tls);
      files.set(path, text);
      mods.push(path);
      lines += text.split('\n').length;
    }
    if (tlsCrate && service) {
      const { store, admin } = g.certStoreFiles(g.chance(0.5));
      files.set(`crates/${name}/src/cert_store.rs`, store);
      files.set(`crates/${name}/src/api/admin.rs`, admin);
      lines += store.split('\n').length + admin.split('\n').length;
    }
    const main = service
      ? `mod config;\n\nuse axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    let state = config::AppState::from_env().await?;\n    let app = Router::new()\n${Array.from({ length: g.int(5, 40) }, (_, i) => `        .route("/v1/${g.noun()}s/${i}", get(handlers::${g.ident()}))`).join('\n')}\n        .with_state(state);\n    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;\n    axum::serve(listener, app).await?;\n    Ok(())\n}\n`
      : `//! ${name}: ${g.pick(VERBS)} and ${g.pick(VERBS)} ${g.noun()}s.\n\npub mod prelude {\n    pub use std::collections::HashMap;\n}\n`;
    files.set(`crates/${name}/src/${service ? 'main' : 'lib'}.rs`, main);
    total += lines + main.split('\n').length;
  }
  files.set(
    'Cargo.toml',
    `[workspace]\nresolver = "2"\nmembers = [\n${members.map((m) => `    "${m}",`).join('\n')}\n]\n`,
  );
  return { files, lines: total };
}

/**
 * One axum/rustls service crate of `fileCount` Rust files for the language-server row: a
 * Cargo.toml naming rustls, `tlsCount` modules touching TLS, the rest ordinary code, and a
 * main.rs declaring them all. Returns the files (path → content) and the TLS modules' paths.
 */
export function generateLspCrate(seed = 42, fileCount = 50, tlsCount = 10) {
  const g = new Gen(seed);
  const files = new Map();
  const tlsFiles = [];
  const mods = [];
  files.set(
    'Cargo.toml',
    '[package]\nname = "lsp-bench"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naxum = "0.7"\nrustls = "0.23"\nrustls-pemfile = "2"\ntokio = { version = "1", features = ["full"] }\nreqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\n',
  );
  for (let m = 0; m < fileCount - 1; m++) {
    const tls = m < tlsCount;
    const name = `${tls ? 'tls' : g.noun()}_${m}`;
    const path = `src/${name}.rs`;
    const text = g.module(m % 3 === 2 ? 'library' : 'service', g.int(60, 300), tls && m > 0);
    // The first is the file the benchmark edits: a rustls server config with findings.
    files.set(path, m === 0 ? `${g.tlsFile(true, 0)}\n${text}` : text);
    if (tls) tlsFiles.push(path);
    mods.push(name);
  }
  files.set(
    'src/main.rs',
    `${mods.map((m) => `mod ${m};`).join('\n')}\n\nuse axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    let app = Router::new().route("/health", get(|| async { "ok" }));\n    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;\n    axum::serve(listener, app).await?;\n    Ok(())\n}\n`,
  );
  return { files, tlsFiles };
}
