// OpenSSL knowledge shared by the version, cipher, client-auth and trust rules: what an
// OpenSSL cipher string really enables (aliases, `+` intersections, `!`/`-` removals), the
// SslVerifyMode flags a `set_verify` argument carries (through variables, aliases, `|=`),
// the calls made on one SslContextBuilder, and string values behind consts and `concat!`.
import type { Node } from '../parser/parser.js';
import type { CrateModel, SourceFile } from './crate.js';
import {
  chainOf,
  findBinding,
  localFunctions,
  originsOf,
  rootIdentifier,
  usesOf,
  valueUses,
  type ChainStep,
} from './flow.js';
import { pathEndsWith } from './names.js';
import { sideOfValue, type Side } from './side.js';
import {
  callArguments,
  describeCall,
  descendantsOfType,
  enclosingFunction,
  namedChildren,
  pathSegments,
} from './syntax.js';

// ---------------------------------------------------------------------------------------------
// String values

export interface StringValue {
  value: string;
  /** The literal (or const) the value was read from. */
  node: Node;
}

const STRING_PASS_THROUGH = new Set([
  'to_string',
  'to_owned',
  'as_str',
  'as_ref',
  'into',
  'clone',
  'as_bytes',
  'borrow',
  'deref',
]);

/**
 * The string values an expression may evaluate to: literals, raw strings, `concat!` of
 * literals, `let`/`const`/`static` bindings (also by path, `tls::CIPHERS`), `String::from`,
 * `.to_string()`, `["A", "B"].join(":")`, and every arm of an `if`/`match`. Values that
 * cannot be read (run-time configuration, `format!`) are left out.
 */
export function stringValues(expr: Node, crate: CrateModel, depth = 0): StringValue[] {
  if (depth > 8) return [];
  const out: StringValue[] = [];
  for (const origin of originsOf(expr, crate)) {
    const literal = literalString(origin);
    if (literal !== undefined) {
      out.push({ value: literal, node: origin });
      continue;
    }
    if (origin.type === 'scoped_identifier' || origin.type === 'identifier') {
      const item = crate.constant(pathSegments(origin).at(-1) ?? '', origin);
      const value = item?.childForFieldName('value');
      if (value && !(origin.startIndex >= item!.startIndex && origin.endIndex <= item!.endIndex))
        out.push(...stringValues(value, crate, depth + 1));
      continue;
    }
    if (origin.type === 'macro_invocation') {
      const name = pathSegments(origin.childForFieldName('macro') ?? origin).at(-1);
      if (name !== 'concat') continue;
      const tree = namedChildren(origin).find((c) => c.type === 'token_tree');
      const pieces = tree ? namedChildren(tree) : [];
      if (pieces.length > 0 && pieces.every((p) => literalString(p) !== undefined)) {
        out.push({ value: pieces.map((p) => literalString(p)).join(''), node: origin });
      }
      continue;
    }
    if (origin.type === 'call_expression') {
      const { method, receiver, path } = describeCall(origin);
      const args = callArguments(origin);
      if (method && receiver && STRING_PASS_THROUGH.has(method)) {
        out.push(...stringValues(receiver, crate, depth + 1));
        continue;
      }
      if (method === 'join' && receiver && args.length === 1) {
        const sep = literalString(args[0]);
        const array = receiver.type === 'reference_expression' ? namedChildren(receiver).at(-1) : receiver;
        const items = array?.type === 'array_expression' ? namedChildren(array).map(literalString) : [];
        if (sep !== undefined && items.length > 0 && items.every((i) => i !== undefined))
          out.push({ value: items.join(sep), node: array! });
        continue;
      }
      if (
        path &&
        args.length === 1 &&
        /^(String::from|String::new|Cow::Borrowed|CString::new|str::to_owned)$/.test(
          pathSegments(path).slice(-2).join('::'),
        )
      ) {
        out.push(...stringValues(args[0], crate, depth + 1));
      }
    }
  }
  return out;
}

/** The value of a string literal node (`"…"`, `r#"…"#`, `b"…"`), escapes resolved; undefined otherwise. */
export function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string_literal') {
    return node.text
      .replace(/^b?"/, '')
      .replace(/"$/, '')
      .replace(
        /\\(["'\\nrt0])/g,
        (_, c: string) => (({ n: '\n', r: '\r', t: '\t', '0': '\0' }) as Record<string, string>)[c] ?? c,
      );
  }
  if (node.type === 'raw_string_literal') {
    return node.text.replace(/^b?r#*"/, '').replace(/"#*$/, '');
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Cipher strings

type Enc =
  | 'AESGCM'
  | 'AESCCM'
  | 'AESCCM8'
  | 'CHACHA20'
  | 'ARIAGCM'
  | 'AES'
  | 'CAMELLIA'
  | 'ARIA'
  | 'SEED'
  | 'IDEA'
  | '3DES'
  | 'DES'
  | 'RC4'
  | 'RC2'
  | 'eNULL';
type Kx = 'RSA' | 'ECDHE' | 'DHE' | 'ECDH' | 'DH' | 'PSK' | 'SRP' | 'TLS13';
type Mac = 'AEAD' | 'SHA1' | 'SHA256' | 'SHA384' | 'MD5';

interface Suite {
  name: string;
  kx: Kx;
  auth: 'RSA' | 'ECDSA' | 'DSS' | 'aNULL' | 'PSK' | 'SRP' | 'ANY';
  enc: Enc;
  bits: number;
  mac: Mac;
  export: boolean;
  /** Removed from, or not built into, OpenSSL ≥ 1.1.0: only an explicit request enables it. */
  legacy: boolean;
}

/** A representative OpenSSL cipher-suite universe (1.0.2 legacy suites included, marked). */
const SUITE_NAMES = [
  // TLS 1.2 AEAD
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-DSS-AES256-GCM-SHA384',
  'DHE-DSS-AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-GCM-SHA256',
  'ADH-AES256-GCM-SHA384',
  'ADH-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-CCM',
  'ECDHE-ECDSA-AES128-CCM',
  'ECDHE-ECDSA-AES128-CCM8',
  'DHE-RSA-AES256-CCM',
  'DHE-RSA-AES128-CCM',
  'AES256-CCM',
  'AES128-CCM',
  'ECDHE-ECDSA-ARIA256-GCM-SHA384',
  'ECDHE-ARIA256-GCM-SHA384',
  'ECDHE-ECDSA-ARIA128-GCM-SHA256',
  'ECDHE-ARIA128-GCM-SHA256',
  'PSK-AES256-GCM-SHA384',
  'PSK-AES128-GCM-SHA256',
  'DHE-PSK-AES256-GCM-SHA384',
  'ECDHE-PSK-CHACHA20-POLY1305',
  'PSK-CHACHA20-POLY1305',
  // TLS 1.2 / 1.0 CBC
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'DHE-RSA-AES256-SHA256',
  'DHE-DSS-AES256-SHA256',
  'DHE-RSA-AES128-SHA256',
  'DHE-DSS-AES128-SHA256',
  'DHE-RSA-AES256-SHA',
  'DHE-DSS-AES256-SHA',
  'DHE-RSA-AES128-SHA',
  'DHE-DSS-AES128-SHA',
  'DHE-RSA-CAMELLIA256-SHA',
  'DHE-RSA-CAMELLIA128-SHA',
  'DHE-RSA-CAMELLIA256-SHA256',
  'ECDHE-RSA-CAMELLIA256-SHA384',
  'AES256-SHA256',
  'AES128-SHA256',
  'AES256-SHA',
  'AES128-SHA',
  'CAMELLIA256-SHA',
  'CAMELLIA128-SHA',
  'CAMELLIA256-SHA256',
  'ADH-AES256-SHA',
  'ADH-AES128-SHA',
  'ADH-AES256-SHA256',
  'ADH-CAMELLIA256-SHA',
  'AECDH-AES256-SHA',
  'AECDH-AES128-SHA',
  'PSK-AES256-CBC-SHA',
  'PSK-AES128-CBC-SHA',
  'PSK-AES128-CBC-SHA256',
  'ECDHE-PSK-AES256-CBC-SHA',
  'SRP-AES-256-CBC-SHA',
  'SRP-RSA-AES-128-CBC-SHA',
  'DHE-RSA-SEED-SHA',
  'SEED-SHA',
  'IDEA-CBC-SHA',
  // 3DES (MEDIUM since OpenSSL 1.1.0, still built)
  'ECDHE-ECDSA-DES-CBC3-SHA',
  'ECDHE-RSA-DES-CBC3-SHA',
  'EDH-RSA-DES-CBC3-SHA',
  'EDH-DSS-DES-CBC3-SHA',
  'DES-CBC3-SHA',
  'ADH-DES-CBC3-SHA',
  'AECDH-DES-CBC3-SHA',
  'PSK-3DES-EDE-CBC-SHA',
  // legacy (OpenSSL 1.0.x): DES, RC4, RC2, EXPORT, NULL
  'EDH-RSA-DES-CBC-SHA',
  'EDH-DSS-DES-CBC-SHA',
  'DES-CBC-SHA',
  'ADH-DES-CBC-SHA',
  'ECDHE-RSA-RC4-SHA',
  'ECDHE-ECDSA-RC4-SHA',
  'RC4-SHA',
  'RC4-MD5',
  'ADH-RC4-MD5',
  'AECDH-RC4-SHA',
  'PSK-RC4-SHA',
  'EXP-RC4-MD5',
  'EXP-RC2-CBC-MD5',
  'EXP-DES-CBC-SHA',
  'EXP-EDH-RSA-DES-CBC-SHA',
  'EXP-EDH-DSS-DES-CBC-SHA',
  'EXP-ADH-RC4-MD5',
  'EXP-ADH-DES-CBC-SHA',
  'ECDHE-RSA-NULL-SHA',
  'ECDHE-ECDSA-NULL-SHA',
  'AECDH-NULL-SHA',
  'NULL-SHA256',
  'NULL-SHA',
  'NULL-MD5',
  'PSK-NULL-SHA',
];

/** Reads a suite's algorithms from its OpenSSL (`ECDHE-RSA-AES128-SHA`) or IANA (`TLS_ECDHE_RSA_WITH_…`) name. */
function parseSuite(rawName: string): Suite | undefined {
  const name = rawName.toUpperCase();
  if (name.startsWith('TLS_') && !name.includes('_WITH_')) {
    // TLS 1.3 (`TLS_AES_128_GCM_SHA256`): AEAD only.
    if (!/AES|CHACHA20/.test(name)) return undefined;
    const enc: Enc = name.includes('CHACHA20')
      ? 'CHACHA20'
      : name.includes('CCM_8')
        ? 'AESCCM8'
        : name.includes('CCM')
          ? 'AESCCM'
          : 'AESGCM';
    return {
      name: rawName,
      kx: 'TLS13',
      auth: 'ANY',
      enc,
      bits: name.includes('256') ? 256 : 128,
      mac: 'AEAD',
      export: false,
      legacy: false,
    };
  }
  const iana = /^(?:TLS|SSL)_(.*)_WITH_(.*)$/.exec(name);
  const parts = iana ? [...iana[1].split('_'), 'WITH', ...iana[2].split('_')] : name.split('-');
  if (parts.length < 2 && !/^(NULL|RC4|DES|AES|CAMELLIA|SEED|IDEA)/.test(name)) return undefined;
  const text = parts.join('-');
  const exported = parts[0] === 'EXP' || parts[0] === 'EXP1024' || parts.includes('EXPORT');
  const p = exported ? parts.slice(1) : parts;
  let kx: Kx = 'RSA';
  let auth: Suite['auth'] = 'RSA';
  const head = p[0];
  if (head === 'ECDHE' || head === 'EECDH') kx = 'ECDHE';
  else if (head === 'DHE' || head === 'EDH') kx = 'DHE';
  else if (head === 'ADH' || (head === 'DH' && p[1] === 'ANON')) {
    kx = 'DHE';
    auth = 'aNULL';
  } else if (head === 'AECDH' || (head === 'ECDH' && p[1] === 'ANON')) {
    kx = 'ECDHE';
    auth = 'aNULL';
  } else if (head === 'ECDH') kx = 'ECDH';
  else if (head === 'DH') kx = 'DH';
  else if (head === 'PSK' || (head === 'RSA' && p[1] === 'PSK')) {
    kx = 'PSK';
    auth = 'PSK';
  } else if (head === 'SRP') {
    kx = 'SRP';
    auth = 'SRP';
  }
  if (text.includes('PSK')) {
    kx = 'PSK';
    auth = 'PSK';
  }
  if (/(^|-)(ANON|NULL-WITH)($|-)/.test(text) || head === 'ADH' || head === 'AECDH') auth = 'aNULL';
  else if (text.includes('ECDSA')) auth = 'ECDSA';
  else if (text.includes('DSS')) auth = 'DSS';
  let enc: Enc;
  if (text.includes('CHACHA20')) enc = 'CHACHA20';
  else if (text.includes('ARIA')) enc = text.includes('GCM') ? 'ARIAGCM' : 'ARIA';
  else if (text.includes('GCM')) enc = 'AESGCM';
  else if (/CCM-?8/.test(text)) enc = 'AESCCM8';
  else if (text.includes('CCM')) enc = 'AESCCM';
  else if (/DES-CBC3|3DES|DES-EDE/.test(text)) enc = '3DES';
  else if (/(^|-)DES($|-)|DES40|DES-CBC/.test(text)) enc = 'DES';
  else if (text.includes('RC4')) enc = 'RC4';
  else if (text.includes('RC2')) enc = 'RC2';
  else if (text.includes('IDEA')) enc = 'IDEA';
  else if (text.includes('SEED')) enc = 'SEED';
  else if (text.includes('CAMELLIA')) enc = 'CAMELLIA';
  else if (text.includes('AES')) enc = 'AES';
  else if (/(^|-)NULL($|-)/.test(text) && !/NULL-WITH/.test(text)) enc = 'eNULL';
  else return undefined;
  const last = p.at(-1) ?? '';
  const aead = ['AESGCM', 'AESCCM', 'AESCCM8', 'CHACHA20', 'ARIAGCM'].includes(enc);
  const mac: Mac = aead
    ? 'AEAD'
    : last === 'MD5'
      ? 'MD5'
      : last === 'SHA256'
        ? 'SHA256'
        : last === 'SHA384'
          ? 'SHA384'
          : 'SHA1';
  const bits = /256/.test(text.replace(/SHA256/g, '')) ? 256 : 128;
  const legacy = exported || ['DES', 'RC4', 'RC2', 'IDEA', 'eNULL'].includes(enc) || mac === 'MD5';
  return { name: rawName, kx, auth, enc, bits, mac, export: exported, legacy };
}

const UNIVERSE: Suite[] = SUITE_NAMES.map((n) => parseSuite(n)).filter((s): s is Suite => !!s);

type Strength = 'HIGH' | 'MEDIUM' | 'LOW' | 'EXPORT' | 'NONE';
function strength(s: Suite): Strength {
  if (s.enc === 'eNULL') return 'NONE';
  if (s.export) return 'EXPORT';
  if (s.enc === 'DES') return 'LOW';
  if (['3DES', 'RC4', 'RC2', 'IDEA', 'SEED'].includes(s.enc)) return 'MEDIUM';
  return 'HIGH';
}

/** OpenSSL cipher-string aliases as predicates over suites. */
const ALIASES: Record<string, (s: Suite) => boolean> = {
  ALL: (s) => s.enc !== 'eNULL',
  COMPLEMENTOFALL: (s) => s.enc === 'eNULL',
  // DEFAULT differs by version; every version keeps CBC suites in it.
  DEFAULT: (s) => s.enc !== 'eNULL' && s.auth !== 'aNULL' && strength(s) === 'HIGH',
  COMPLEMENTOFDEFAULT: (s) => s.enc !== 'eNULL' && (s.auth === 'aNULL' || strength(s) !== 'HIGH'),
  HIGH: (s) => strength(s) === 'HIGH',
  MEDIUM: (s) => strength(s) === 'MEDIUM',
  LOW: (s) => strength(s) === 'LOW',
  EXPORT: (s) => s.export,
  EXP: (s) => s.export,
  EXPORT40: (s) => s.export,
  EXPORT56: (s) => s.export,
  NULL: (s) => s.enc === 'eNULL',
  eNULL: (s) => s.enc === 'eNULL',
  aNULL: (s) => s.auth === 'aNULL',
  kRSA: (s) => s.kx === 'RSA',
  RSA: (s) => s.kx === 'RSA',
  aRSA: (s) => s.auth === 'RSA',
  aECDSA: (s) => s.auth === 'ECDSA',
  ECDSA: (s) => s.auth === 'ECDSA',
  aDSS: (s) => s.auth === 'DSS',
  DSS: (s) => s.auth === 'DSS',
  kECDHE: (s) => s.kx === 'ECDHE',
  kEECDH: (s) => s.kx === 'ECDHE',
  ECDHE: (s) => s.kx === 'ECDHE' && s.auth !== 'aNULL',
  EECDH: (s) => s.kx === 'ECDHE' && s.auth !== 'aNULL',
  kDHE: (s) => s.kx === 'DHE',
  kEDH: (s) => s.kx === 'DHE',
  DHE: (s) => s.kx === 'DHE' && s.auth !== 'aNULL',
  EDH: (s) => s.kx === 'DHE' && s.auth !== 'aNULL',
  ECDH: (s) => s.kx === 'ECDHE' || s.kx === 'ECDH',
  kECDH: (s) => s.kx === 'ECDH',
  DH: (s) => s.kx === 'DHE' || s.kx === 'DH',
  kDH: (s) => s.kx === 'DH',
  ADH: (s) => s.kx === 'DHE' && s.auth === 'aNULL',
  AECDH: (s) => s.kx === 'ECDHE' && s.auth === 'aNULL',
  PSK: (s) => s.kx === 'PSK',
  kPSK: (s) => s.kx === 'PSK',
  aPSK: (s) => s.auth === 'PSK',
  SRP: (s) => s.kx === 'SRP',
  kSRP: (s) => s.kx === 'SRP',
  AES: (s) => ['AES', 'AESGCM', 'AESCCM', 'AESCCM8'].includes(s.enc),
  AES128: (s) => ['AES', 'AESGCM', 'AESCCM', 'AESCCM8'].includes(s.enc) && s.bits === 128,
  AES256: (s) => ['AES', 'AESGCM', 'AESCCM', 'AESCCM8'].includes(s.enc) && s.bits === 256,
  AESGCM: (s) => s.enc === 'AESGCM',
  AESCCM: (s) => s.enc === 'AESCCM' || s.enc === 'AESCCM8',
  AESCCM8: (s) => s.enc === 'AESCCM8',
  CHACHA20: (s) => s.enc === 'CHACHA20',
  CAMELLIA: (s) => s.enc === 'CAMELLIA',
  CAMELLIA128: (s) => s.enc === 'CAMELLIA' && s.bits === 128,
  CAMELLIA256: (s) => s.enc === 'CAMELLIA' && s.bits === 256,
  ARIA: (s) => s.enc === 'ARIA' || s.enc === 'ARIAGCM',
  ARIAGCM: (s) => s.enc === 'ARIAGCM',
  ARIA128: (s) => (s.enc === 'ARIA' || s.enc === 'ARIAGCM') && s.bits === 128,
  ARIA256: (s) => (s.enc === 'ARIA' || s.enc === 'ARIAGCM') && s.bits === 256,
  '3DES': (s) => s.enc === '3DES',
  DES: (s) => s.enc === 'DES',
  RC4: (s) => s.enc === 'RC4',
  RC2: (s) => s.enc === 'RC2',
  IDEA: (s) => s.enc === 'IDEA',
  SEED: (s) => s.enc === 'SEED',
  MD5: (s) => s.mac === 'MD5',
  SHA1: (s) => s.mac === 'SHA1',
  SHA: (s) => s.mac === 'SHA1',
  SHA256: (s) => s.mac === 'SHA256',
  SHA384: (s) => s.mac === 'SHA384',
  'TLSv1.2': (s) => s.mac !== 'SHA1' && s.mac !== 'MD5',
  'TLSv1.0': (s) => s.mac === 'SHA1' || s.mac === 'MD5',
  TLSv1: (s) => s.mac === 'SHA1' || s.mac === 'MD5',
  SSLv3: (s) => s.mac === 'SHA1' || s.mac === 'MD5',
};
/** Aliases that name weak algorithms outright: they also select the legacy suites. */
const EXPLICITLY_WEAK = new Set([
  'EXPORT',
  'EXP',
  'EXPORT40',
  'EXPORT56',
  'NULL',
  'eNULL',
  'LOW',
  'DES',
  'RC4',
  'RC2',
  'IDEA',
  'MD5',
  'COMPLEMENTOFALL',
]);

/**
 * The suites an element names. Adding elements only reach legacy suites (removed from OpenSSL
 * 1.1.0+) when they name a weak algorithm outright, and export suites only when they say EXPORT;
 * removing elements (`!X`, `-X`) reach everything.
 */
function select(body: string, removing = false): Suite[] {
  const parts = body.split('+').filter((p) => p.length > 0);
  if (parts.length === 0) return [];
  let pool: Suite[] | undefined;
  const explicitWeak = removing || parts.some((p) => EXPLICITLY_WEAK.has(p));
  const explicitExport = removing || parts.some((p) => /^EXP/.test(p));
  for (const part of parts) {
    const alias = ALIASES[part];
    let matched: Suite[];
    if (alias)
      matched = UNIVERSE.filter((s) => alias(s) && (!s.legacy || explicitWeak) && (!s.export || explicitExport));
    else {
      const known = UNIVERSE.find((s) => s.name.toUpperCase() === part.toUpperCase());
      const parsed = known ?? (/[-_]/.test(part) ? parseSuite(part) : undefined);
      matched = parsed ? [parsed] : [];
    }
    pool = pool ? pool.filter((s) => matched.some((m) => m.name === s.name)) : matched;
  }
  return pool ?? [];
}

export type WeakCategory =
  | 'NULL encryption'
  | 'EXPORT'
  | 'anonymous (aNULL)'
  | 'RC4'
  | 'DES'
  | '3DES'
  | 'RC2'
  | 'IDEA'
  | 'MD5'
  | 'CBC-mode';

function weakness(s: Suite): WeakCategory | undefined {
  if (s.enc === 'eNULL') return 'NULL encryption';
  if (s.export) return 'EXPORT';
  if (s.auth === 'aNULL') return 'anonymous (aNULL)';
  if (s.enc === 'RC4') return 'RC4';
  if (s.enc === 'DES') return 'DES';
  if (s.enc === '3DES') return '3DES';
  if (s.enc === 'RC2') return 'RC2';
  if (s.enc === 'IDEA') return 'IDEA';
  if (s.mac === 'MD5') return 'MD5';
  if (s.mac !== 'AEAD') return 'CBC-mode';
  return undefined;
}

export interface CipherVerdict {
  /** Weak categories the string leaves enabled, worst first, each with an example suite. */
  weak: Array<{ category: WeakCategory; example: string }>;
  /** `@SECLEVEL=0`: every restriction of the security level is lifted. */
  secLevelZero: boolean;
  /** Suites the string enables (for messages). */
  enabled: string[];
}

const CATEGORY_ORDER: WeakCategory[] = [
  'NULL encryption',
  'EXPORT',
  'anonymous (aNULL)',
  'RC4',
  'DES',
  '3DES',
  'RC2',
  'IDEA',
  'MD5',
  'CBC-mode',
];

/**
 * Splits an OpenSSL cipher string into its elements: `:`, `,`, `;` and spaces separate them, and
 * `!X` / `@X` start a new element even without one (curl's `ALL!EXPORT!aNULL@STRENGTH`, which
 * OpenSSL reads as `ALL:!EXPORT:!aNULL:@STRENGTH`; a name never contains `!` or `@`).
 */
export function cipherTokens(text: string): string[] {
  return text.split(/[:,;\s]+|(?=[!@])/).filter((t) => t.length > 0);
}

/**
 * Evaluates an OpenSSL cipher string the way OpenSSL builds its list: elements add suites in
 * order, `A+B` intersects, `-X` removes (X may come back), `!X` removes for good, `+X` only
 * reorders, `@SECLEVEL=n` / `@STRENGTH` are directives. Works for TLS 1.3 `set_ciphersuites`
 * strings too (all AEAD).
 */
export function evaluateCipherString(text: string): CipherVerdict {
  let list: Suite[] = [];
  const banned = new Set<string>();
  let secLevelZero = false;
  for (const token of cipherTokens(text)) {
    if (token.startsWith('@')) {
      if (/^@SECLEVEL=0$/i.test(token)) secLevelZero = true;
      continue;
    }
    const op = '!-+'.includes(token[0]) ? token[0] : '';
    const matched = select(op ? token.slice(1) : token, op === '!' || op === '-' || op === '+');
    const names = new Set(matched.map((s) => s.name));
    if (op === '!') {
      for (const n of names) banned.add(n);
      list = list.filter((s) => !names.has(s.name));
    } else if (op === '-') list = list.filter((s) => !names.has(s.name));
    else if (op === '+') list = [...list.filter((s) => !names.has(s.name)), ...list.filter((s) => names.has(s.name))];
    else for (const s of matched) if (!banned.has(s.name) && !list.some((l) => l.name === s.name)) list.push(s);
  }
  const weak: CipherVerdict['weak'] = [];
  for (const category of CATEGORY_ORDER) {
    const examples = list.filter((s) => weakness(s) === category).map((s) => s.name);
    const example = examples.sort(
      (a, b) => Number(!a.includes('AES')) - Number(!b.includes('AES')) || a.length - b.length,
    )[0];
    if (example) weak.push({ category, example });
  }
  return { weak, secLevelZero, enabled: list.map((s) => s.name) };
}

// ---------------------------------------------------------------------------------------------
// SslVerifyMode

export interface VerifyMode {
  peer: boolean;
  failIfNoPeerCert: boolean;
  none: boolean;
}

const FLAG_NAMES = /^(PEER|FAIL_IF_NO_PEER_CERT|NONE|CLIENT_ONCE|all|empty)$/;
/** openssl 0.7–0.9 spelled the flags as constants of `openssl::ssl`: `SSL_VERIFY_NONE`, `SSL_VERIFY_PEER`, .. */
const OLD_FLAG = /^SSL_VERIFY_(PEER|FAIL_IF_NO_PEER_CERT|NONE|CLIENT_ONCE)$/;

/**
 * The SslVerifyMode flags an argument may carry, one entry per value it can take (each arm of
 * an `if`/`match`), followed through `let`s, `const`s, aliases (`use …::SslVerifyMode as Mode`),
 * `|` and, for a variable, `mode |= …` / `mode.insert(..)` before the call. Empty when no flag
 * can be read (a parameter, a run-time value).
 */
export function verifyModesOf(arg: Node | undefined, crate: CrateModel): VerifyMode[] {
  if (!arg) return [];
  const file = crate.fileOf(arg);
  const collect = (node: Node, flags: Set<string>) => collectVerifyFlags(node, file, flags);
  const added = new Set<string>();
  for (const extra of laterFlagAdditions(arg)) collect(extra, added);
  const out: VerifyMode[] = [];
  for (const origin of originsOf(arg, crate)) {
    const flags = new Set(added);
    collect(origin, flags);
    if (flags.size === 0) continue;
    if (flags.has('all')) out.push({ peer: true, failIfNoPeerCert: true, none: false });
    else
      out.push({
        peer: flags.has('PEER'),
        failIfNoPeerCert: flags.has('FAIL_IF_NO_PEER_CERT'),
        none: flags.has('NONE') && !flags.has('PEER'),
      });
  }
  return out;
}

/** The SslVerifyMode flag names (`PEER`, `NONE`, `SSL_VERIFY_NONE` → `NONE`, ..) written in an expression. */
function collectVerifyFlags(node: Node, file: SourceFile, flags: Set<string>): void {
  for (const id of descendantsOfType(node, ['scoped_identifier', 'identifier'])) {
    if (id.type === 'identifier' && id.parent?.type === 'scoped_identifier') continue;
    const segs = id.type === 'scoped_identifier' ? file.names.resolve(id) : file.names.resolve(id.text);
    const last = segs.at(-1) ?? '';
    const old = OLD_FLAG.exec(last);
    if (old) {
      flags.add(old[1]);
      continue;
    }
    if (!FLAG_NAMES.test(last)) continue;
    if (segs.length >= 2 && !/VerifyMode|verify/i.test(segs.at(-2) ?? '') && !/^(all|empty)$/.test(last)) continue;
    if (/^(all|empty)$/.test(last) && !/VerifyMode/.test(segs.at(-2) ?? '')) continue;
    flags.add(last);
  }
}

/** One value a `set_verify` argument may take verifies nothing: `NONE` without `PEER`, or `SslVerifyMode::empty()`. */
export function verifiesNothingValue(origin: Node, crate: CrateModel): boolean {
  const flags = new Set<string>();
  collectVerifyFlags(origin, crate.fileOf(origin), flags);
  return (
    (flags.has('NONE') && !flags.has('PEER')) ||
    /^(\w+::)*SslVerifyMode::empty\(\)$/.test(origin.text.replace(/\s+/g, ''))
  );
}

/** All flags an argument may carry, merged over its possible values (see `verifyModesOf`). */
export function verifyModeOf(arg: Node | undefined, crate: CrateModel): VerifyMode | undefined {
  const modes = verifyModesOf(arg, crate);
  if (modes.length === 0) return undefined;
  return {
    peer: modes.some((m) => m.peer),
    failIfNoPeerCert: modes.some((m) => m.failIfNoPeerCert),
    none: modes.every((m) => m.none),
  };
}

/** `mode |= X;`, `mode = mode | X;`, `mode.insert(X);`, `mode.set(X, true);` before `arg` in its function. */
function laterFlagAdditions(arg: Node): Node[] {
  if (arg.type !== 'identifier') return [];
  const fn = enclosingFunction(arg);
  if (!fn) return [];
  const name = arg.text;
  const out: Node[] = [];
  for (const c of descendantsOfType(fn, ['compound_assignment_expr', 'assignment_expression'])) {
    if (c.endIndex > arg.startIndex || c.childForFieldName('left')?.text !== name) continue;
    const right = c.childForFieldName('right');
    if (right) out.push(right);
  }
  for (const call of descendantsOfType(fn, 'call_expression')) {
    if (call.endIndex > arg.startIndex) continue;
    const { method, receiver } = describeCall(call);
    if ((method === 'insert' || method === 'set' || method === 'toggle') && receiver?.text === name) {
      const first = callArguments(call)[0];
      if (first && !(method === 'set' && callArguments(call)[1]?.text === 'false')) out.push(first);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One SslContextBuilder / SslAcceptorBuilder

/**
 * Every method call made on the builder a call's receiver names: the chain it sits in, the
 * calls on the variable it is bound to (before and after), and the steps after its root.
 * `handedTo` lists the crate functions the builder is passed to (it may be configured there).
 */
/** The builder's first `set_verify`/`set_verify_callback` (followed like `builderCalls`). */
export function verifySetter(ctor: Node, crate: CrateModel): ChainStep | undefined {
  return builderCalls(ctor, crate).calls.find((s) => s.name === 'set_verify' || s.name === 'set_verify_callback');
}

export function builderCalls(
  receiverOrRoot: Node,
  crate: CrateModel,
): { calls: ChainStep[]; root: Node; handedTo: Node[] } {
  const chain = chainOf(receiverOrRoot, crate);
  const calls: ChainStep[] = [...chain.steps];
  const handedTo: Node[] = [];
  const seen = new Set<number>(calls.map((s) => s.call.id));
  const follow = (start: Node) => {
    for (const use of valueUses(start, crate)) {
      if (use.kind === 'method') {
        if (!seen.has(use.step.call.id)) {
          seen.add(use.step.call.id);
          calls.push(use.step);
        }
        continue;
      }
      const fn = use.call.childForFieldName('function');
      const segs = fn
        ? fn.type === 'field_expression'
          ? [fn.childForFieldName('field')?.text ?? '']
          : pathSegments(fn)
        : [];
      const local = fn?.type === 'field_expression' ? crate.functions(segs[0]) : localFunctions(segs, crate);
      for (const f of local) if (!handedTo.some((h) => h.id === f.id)) handedTo.push(f);
    }
  };
  follow(chain.root);
  // A parameter (`fn tune(builder: &mut SslAcceptorBuilder)`): every call on it in the function.
  const id = rootIdentifier(receiverOrRoot);
  const binding = id ? findBinding(id, crate) : undefined;
  if (id && binding?.kind === 'param') {
    for (const use of [id, ...usesOf(binding, id.text, crate)]) follow(use);
  }
  return { calls, root: chain.root, handedTo };
}

/** openssl 0.9's `SslConnectorBuilder`/`SslAcceptorBuilder` hand their context builder out: `builder.builder_mut().set_verify(..)`. */
const BUILDER_ACCESSORS = new Set(['builder_mut']);

/**
 * The method called on a builder variable at `use` (`builder.set_verify(..)` → `set_verify`),
 * looking through `.builder_mut()`; undefined when the variable is not the receiver of a call.
 */
export function builderMethodAt(use: Node): string | undefined {
  let receiver = use;
  for (let guard = 0; guard < 8; guard++) {
    const field = receiver.parent;
    const call =
      field?.type === 'field_expression' && field.childForFieldName('value')?.id === receiver.id ? field.parent : null;
    if (call?.type !== 'call_expression' || !field) return undefined;
    const method = field.childForFieldName('field')?.text ?? '';
    if (!BUILDER_ACCESSORS.has(method)) return method;
    receiver = call;
  }
  return undefined;
}

/** The Mozilla v4 presets (TLS 1.0+ / TLS 1.3 disabled), also as openssl 0.9's `SslAcceptorBuilder::mozilla_*(method, key, cert, chain)`. */
export const V4_ACCEPTOR_PRESETS = [
  'SslAcceptor::mozilla_intermediate',
  'SslAcceptor::mozilla_modern',
  'SslAcceptorBuilder::mozilla_intermediate',
  'SslAcceptorBuilder::mozilla_modern',
];
/** Calls that create an OpenSSL acceptor builder, of every openssl version (0.9: `SslAcceptorBuilder::mozilla_*`). */
export const OPENSSL_ACCEPTOR_CONSTRUCTORS = [
  ...V4_ACCEPTOR_PRESETS,
  'SslAcceptor::mozilla_intermediate_v5',
  'SslAcceptor::mozilla_modern_v5',
  'SslAcceptor::builder',
];
const ACCEPTOR_PRESETS = OPENSSL_ACCEPTOR_CONSTRUCTORS;

/** Client or server for an OpenSSL builder, also from `SslContext::builder(SslMethod::tls_server())`. */
export function opensslSide(expr: Node, crate: CrateModel): Side {
  const side = sideOfValue(expr, crate);
  if (side !== 'unknown') return side;
  const chain = chainOf(expr, crate);
  if (chain.root.type !== 'call_expression' || !chain.rootPath) return 'unknown';
  const resolved = crate.fileOf(chain.root).names.resolve(chain.rootPath.join('::'));
  if (pathEndsWith(resolved, ...ACCEPTOR_PRESETS)) return 'server';
  // openssl 0.9: `SslConnectorBuilder::new(SslMethod::tls())` is the connector's builder.
  if (pathEndsWith(resolved, 'SslConnectorBuilder::new')) return 'client';
  if (pathEndsWith(resolved, 'SslContext::builder', 'SslContextBuilder::new', 'Ssl::new')) {
    const method = callArguments(chain.root)[0]?.text ?? '';
    if (/tls_server|dtls_server/.test(method)) return 'server';
    if (/tls_client|dtls_client/.test(method)) return 'client';
  }
  return 'unknown';
}
