// Rust sources and small helpers shared by the workflow tests (config, suppressions, baseline,
// cache, pre-commit, GitHub Action). Every test drives the built CLI as a real process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempProject, type CliRun } from '../helpers/cli.js';

export { runCli, tempProject, type CliRun };

export const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\n';

/** main.rs of an mTLS service: it loads a client CA, so the crate has mTLS intent. */
export const MAIN_WITH_INTENT = `mod tls;

fn main() -> anyhow::Result<()> {
    let client_ca = std::fs::read("pki/client-ca.pem")?;
    let _config = tls::server_config(load_certs()?, load_key()?)?;
    Ok(())
}
`;

export const MAIN_WITHOUT_INTENT = `mod tls;

fn main() {}
`;

/** A server config that authenticates no client: mtls-no-client-auth (error with intent, else note) on line 5. */
export const TLS_NO_AUTH = `use rustls::ServerConfig;

pub fn server_config(certs: Certs, key: Key) -> anyhow::Result<ServerConfig> {
    let config = ServerConfig::builder_with_protocol_versions(&[&rustls::version::TLS13])
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    Ok(config)
}
`;

/** Default protocol versions (missing-protocol-versions: note, warning under a TLS 1.3 policy) on line 4. */
export const TLS_DEFAULT_VERSIONS = `use rustls::ServerConfig;

pub fn public_config(certs: Certs, key: Key) -> anyhow::Result<ServerConfig> {
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    Ok(config)
}
`;

/** An mTLS service in one crate: Cargo.toml, src/main.rs (intent) and src/tls.rs (the error). */
export function mtlsService(extra: Record<string, string> = {}): string {
  return tempProject({ 'Cargo.toml': CARGO, 'src/main.rs': MAIN_WITH_INTENT, 'src/tls.rs': TLS_NO_AUTH, ...extra });
}

export interface JsonReport {
  findings: Array<{
    ruleId: string;
    level: string;
    message: string;
    location: { path: string; region: { startLine: number } };
    suppression?: { justification: string };
  }>;
  notifications: Array<{ level: string; kind: string; path?: string; line?: number; message: string }>;
}

export function json(run: CliRun): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** `path:line ruleId level` of each finding, for compact assertions. */
export function summary(run: CliRun): string[] {
  return json(run).findings.map((f) => `${f.location.path}:${f.location.region.startLine} ${f.ruleId} ${f.level}`);
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}
