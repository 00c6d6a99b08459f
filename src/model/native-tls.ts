// native-tls builders and their version floor. native-tls leaves the minimum protocol version to
// the platform unless `min_protocol_version(..)` is called (OpenSSL 3 refuses < 1.2 at its default
// security level, other platforms may not): catalog revision 2 makes that a protocol-version choice
// left to defaults (rule 6), not a legacy version written in the code (rule 7).
import type { Node } from '../parser/parser.js';
import type { CrateModel } from './crate.js';
import { calleeBodies, valueUsesThroughReturns } from './flow.js';
import { pathEndsWith } from './names.js';
import { callArguments } from './syntax.js';

/** Crates whose paths name native-tls (`tokio_native_tls::native_tls::…`, `hyper_tls::native_tls::…` end in it too). */
export const NATIVE_TLS_CRATES = new Set(['native_tls', 'async_native_tls']);

/** `TlsAcceptor::new(identity)`/`::builder(identity)` (async-native-tls: `::new(reader, password)`) → acceptor, `TlsConnector::new()`/`::builder()` → connector, of native-tls. */
export function nativeTlsConstruction(resolved: string[], call: Node): 'acceptor' | 'connector' | undefined {
  if (!resolved.slice(0, -2).some((seg) => NATIVE_TLS_CRATES.has(seg))) return undefined;
  const args = callArguments(call).length;
  if (pathEndsWith(resolved, 'TlsAcceptor::new', 'TlsAcceptor::builder') && args === 1) return 'acceptor';
  // async-native-tls: `TlsAcceptor::new(pkcs12_reader, password).await` builds its native-tls acceptor inside.
  if (resolved[0] === 'async_native_tls' && pathEndsWith(resolved, 'TlsAcceptor::new') && args === 2) return 'acceptor';
  if (pathEndsWith(resolved, 'TlsConnector::new', 'TlsConnector::builder') && args === 0) return 'connector';
  return undefined;
}

/**
 * Whether the builder made at `call` gets a `min_protocol_version(..)`: on its chain, on the
 * variable it is bound to, at the callers of a function that returns it, or in a crate function
 * it is handed to.
 */
export function setsMinimumVersion(call: Node, crate: CrateModel): boolean {
  const uses = valueUsesThroughReturns(call, crate);
  if (uses.some((u) => u.kind === 'method' && u.step.name === 'min_protocol_version')) return true;
  return uses.some(
    (u) => u.kind === 'argument' && calleeBodies(u.call, crate).some((body) => /min_protocol_version/.test(body)),
  );
}
