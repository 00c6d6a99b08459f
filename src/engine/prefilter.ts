// Decides which files of a crate are worth parsing, from their text alone. Most files of a big
// workspace cannot hold a TLS finding; parsing them is most of the cost of a run.
import type { Rule } from '../rules/rule.js';
import { MODEL_KEYWORDS } from '../model/keywords.js';
import { INTENT_WORDS } from '../model/intent.js';
import { KeywordMatcher } from './keywords.js';

/** A file of a crate as the prefilter sees it: its text and the words it contains. */
export interface PrefilterFile {
  text: string;
  /** Flags by word index (see `Prefilter.hits`); undefined when the file has none of the words. */
  hits: Uint8Array | undefined;
  /** Its path, when known: a parsed file's module is declared (`mod name;`) in its parent's file. */
  path?: string;
}

/**
 * Words that name a TLS library or its types in code: a crate whose text has one is treated as a
 * TLS crate whatever its manifest says (a manifest trimmed by a packager, a re-export).
 */
const TLS_WORDS = [
  'rustls',
  'native_tls',
  'openssl',
  'webpki',
  'Tls',
  'x509',
  'X509',
  'boring',
  'schannel',
  'security_framework',
  'quinn',
  'quiche',
  's2n',
  'mbedtls',
];

/**
 * Clients whose default features bring TLS (manifest.ts counts them too): code naming one is a
 * TLS crate. Unlike the library words above these are plain English or parts of other words
 * (`monotonic`, `mini-redis` in a doc comment, a link to reqwest in a crate's docs), so one counts
 * only as a whole identifier on a line that is not a `//` comment: tokio and hyper mention them
 * only so, and were parsed whole for it.
 */
const CLIENT_WORDS = [
  'reqwest',
  'ureq',
  'isahc',
  'tonic',
  'sqlx',
  'mongodb',
  'redis',
  'lettre',
  'rdkafka',
  'tungstenite',
  'tiberius',
  'kube',
];

const CLIENT_IN_CODE = new RegExp(`(?<![A-Za-z0-9_])(?:${CLIENT_WORDS.join('|')})(?![A-Za-z0-9_])`, 'g');

/** Whether `text` names one of CLIENT_WORDS as a whole identifier outside a line comment. */
function namesClientInCode(text: string): boolean {
  CLIENT_IN_CODE.lastIndex = 0;
  for (let m = CLIENT_IN_CODE.exec(text); m; m = CLIENT_IN_CODE.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (!/^\s*\/\//.test(text.slice(lineStart, m.index))) return true;
  }
  return false;
}

/**
 * identity-from-header in a crate without TLS: its findings are reads of a client-certificate
 * header whose name is a whole string literal of the crate, made of `[a-z0-9-]` in any case (the
 * rule matches the literal's whole text), and every name it knows contains one of these words:
 * `x-ssl-client-*`, `x-amzn-mtls-clientcert`, `x-ssl-cert`… Without such a literal the rule cannot
 * fire there. Keep in step with IDENTITY_HEADER in rules/identity-from-header.ts.
 */

interface RuleWords {
  rule: Rule;
  keywords: number[];
  crateKeywords?: number[];
  sourceKeywords?: number[];
}

/**
 * Never changes results. A rule can fire only in a file that contains one of its `keywords`, and
 * only in a crate where some file contains one of its `crateKeywords` (when it has them): it is
 * active in a crate when both hold. A file is parsed when it contains a word the crate model reads
 * (MODEL_KEYWORDS) or a keyword of a rule active in its crate — for a rule with `sources`, only
 * when the file also names a source of what the rule looks for (see `carrierFiles`).
 */
export class Prefilter {
  private readonly matcher: KeywordMatcher;
  private readonly model: number[];
  private readonly rules: RuleWords[];
  private readonly tlsWords: number[];
  private readonly clientWords: number[];

  constructor(rules: Rule[]) {
    const words = [
      ...new Set([
        ...rules.flatMap((r) => [
          ...r.meta.keywords,
          ...(r.meta.crateKeywords ?? []),
          ...(r.meta.sources?.keywords ?? []),
        ]),
        ...MODEL_KEYWORDS,
        ...TLS_WORDS,
        ...CLIENT_WORDS,
      ]),
    ];
    const index = new Map(words.map((w, i) => [w, i]));
    const indices = (list: string[]) => list.map((w) => index.get(w) as number);
    this.matcher = new KeywordMatcher(words);
    this.model = indices(MODEL_KEYWORDS);
    this.tlsWords = indices(TLS_WORDS);
    this.clientWords = indices(CLIENT_WORDS);
    this.rules = rules.map((rule) => ({
      rule,
      keywords: indices(rule.meta.keywords),
      crateKeywords: rule.meta.crateKeywords && indices(rule.meta.crateKeywords),
      sourceKeywords: rule.meta.sources && indices(rule.meta.sources.keywords),
    }));
  }

  /** The words a file contains, or undefined when it contains none. */
  hits(text: string): Uint8Array | undefined {
    const found = this.matcher.find(text);
    return found.includes(1) ? found : undefined;
  }

  /**
   * The rules that can fire somewhere in a crate made of these files. `noTlsDependency`: the
   * crate's manifest names no TLS library (manifest.ts); unless some file names one anyway, the
   * rules that need one cannot fire there.
   */
  activeRules(files: PrefilterFile[], noTlsDependency = false, mtlsRequired = false): Set<Rule> {
    const any = (words: number[]) => files.some((f) => f.hits !== undefined && has(f.hits, words));
    const tlsFree = noTlsDependency && !this.namesTls(files);
    return new Set(
      this.rules
        .filter((r) => {
          if (r.keywords.length > 0 && !any(r.keywords)) return false;
          if (r.crateKeywords && !any(r.crateKeywords)) return false;
          if (!tlsFree) return true;
          const without = r.rule.meta.withoutTlsDependency;
          if (without === undefined) return false;
          if (without === 'always') return true;
          if (without === 'intent') return mtlsRequired || files.some((f) => INTENT_WORDS.test(f.text));
          return files.some((f) => without.test(f.text));
        })
        .map((r) => r.rule),
    );
  }

  /** Whether some file names a TLS library (TLS_WORDS) or, in its code, a client that brings one (CLIENT_WORDS). */
  namesTls(files: PrefilterFile[]): boolean {
    return files.some(
      (f) =>
        f.hits !== undefined &&
        (has(f.hits, this.tlsWords) || (has(f.hits, this.clientWords) && namesClientInCode(f.text))),
    );
  }

  /**
   * Flags, by position, of the files of a crate worth parsing given the rules active in it.
   * `followValues`: the crate depends on a TLS library, so a value can reach a TLS call from a
   * file without TLS words (see `followItems`); a crate without one holds only the findings of
   * rules that need no TLS, none of which follows values across files.
   */
  worthParsing(files: PrefilterFile[], active: Set<Rule>, followValues = true): boolean[] {
    const keep = files.map((f) => f.hits !== undefined && has(f.hits, this.model));
    // A file is kept when any rule keeps it, so the order of the rules does not matter: those
    // without sources first, and the carriers' fixed point only while some file is left out.
    const ordered = [...this.rules.filter((r) => !r.sourceKeywords), ...this.rules.filter((r) => r.sourceKeywords)];
    for (const r of ordered) {
      if (!active.has(r.rule)) continue;
      if (r.sourceKeywords && keep.every(Boolean)) continue;
      // 'all': a file whose carriers cannot be told (hostile text); the whole crate is parsed.
      const carriers = r.sourceKeywords ? carrierFiles(files, r) : undefined;
      files.forEach((f, i) => {
        if (keep[i]) return;
        if (carriers === 'all' || carriers?.has(i)) keep[i] = true;
        else if (f.hits !== undefined && has(f.hits, r.keywords)) keep[i] = !carriers || has(f.hits, r.sourceKeywords!);
      });
    }
    if (followValues && keep.some(Boolean)) followItems(files, keep);
    return keep;
  }
}

/**
 * Values cross files: a caller in a file without TLS words passes `true` to a crate function
 * whose parameter reaches a danger switch, a const or a struct's fields are declared elsewhere.
 * So a file is parsed, too, when it names a function (taking arguments), struct, const or static
 * that a parsed file declares, or declares one that a parsed file names — to a fixed point, as a
 * caller's caller can hold the literal. Names too general to tell anything (`new`, `build`,
 * `config`, ..) are not followed: every file would be.
 */
function followItems(files: PrefilterFile[], keep: boolean[]): void {
  const declaredByFile = files.map((f) => declaredItems(f.text));
  // A name declared in many files is a method name many impls share (`find`, `count_since`): a
  // mention of it says nothing about which one, and following it reaches every file.
  const declaredIn = new Map<string, number>();
  for (const names of declaredByFile) for (const n of names) declaredIn.set(n, (declaredIn.get(n) ?? 0) + 1);
  const declared = declaredByFile.map((names) => names.filter((n) => (declaredIn.get(n) ?? 0) <= MAX_DECLARING_FILES));
  // Each file's words, read once: every round is then set lookups, not another scan of the texts.
  const fileWords: Array<Set<string> | undefined> = [];
  const wordsOf = (i: number) => (fileWords[i] ??= words(files[i].text));
  const followed = new Set<string>();
  const keptWords = new Set<string>();
  let fresh = files.flatMap((_, i) => (keep[i] ? [i] : []));
  for (let round = 0; fresh.length > 0 && round < MAX_FOLLOW_ROUNDS; round++) {
    const names: string[] = [];
    const modules = new Set<string>();
    for (const i of fresh) {
      const module = moduleName(files[i].path);
      if (module) modules.add(module);
      for (const word of wordsOf(i)) keptWords.add(word);
      for (const name of declared[i]) {
        if (followed.has(name)) continue;
        followed.add(name);
        names.push(name);
      }
    }
    // Paths are resolved through the module tree: the files declaring a parsed file's module (`mod tls;`).
    fresh = [];
    files.forEach((f, i) => {
      if (keep[i]) return;
      const mentions = names.some((name) => wordsOf(i).has(name));
      const declaresModule = modules.size > 0 && wordsOf(i).has('mod') && declaresModuleOf(f.text, modules);
      if (mentions || declaresModule || declared[i].some((name) => keptWords.has(name))) {
        keep[i] = true;
        fresh.push(i);
      }
    });
  }
}

/** `mod name;` for one of the modules. */
function declaresModuleOf(text: string, modules: Set<string>): boolean {
  for (const m of text.matchAll(/\bmod\s+([A-Za-z_]\w*)\s*;/g)) if (modules.has(m[1])) return true;
  return false;
}

/** Items a value can come from or go to: functions with a parameter besides `self`, structs with fields, consts, statics. */
// Generic parameter lists are bounded (one level of nesting, `<T: Into<String>>`) and no two
// neighbouring parts match the same spaces: hostile text must stay linear.
const DECLARED_ITEM =
  /\b(?:fn\s+([A-Za-z_]\w*)\s*(?:<(?:[^<>{};]|<[^<>{};]{0,100}>){0,200}>\s*)?\((?!\s*(?:\)|(?:&\s*)?(?:'\w+\s+)?(?:mut\s+)?self\s*\)))|struct\s+([A-Za-z_]\w*)\s*(?:<(?:[^<>{};]|<[^<>{};]{0,100}>){0,200}>\s*)?\{|(?:const|static)\s+(?:mut\s+)?([A-Za-z_]\w*)\s*:)/g;

/** Names that nearly every file of a crate declares or calls: following them would parse everything and tell nothing. */
/**
 * Rounds of following (a caller, the caller's caller, ..): values travel a few calls, not across a
 * whole crate of unrelated business code that happens to call each other.
 */
const MAX_FOLLOW_ROUNDS = 3;

/** Files declaring one name beyond which the name is too common to follow (see followItems). */
const MAX_DECLARING_FILES = 3;

const TOO_GENERAL = new Set([
  'find',
  'insert',
  'remove',
  'update',
  'delete',
  'list',
  'apply',
  'process',
  'execute',
  'len',
  'push',
  'contains',
  'count',
  'close',
  'reset',
  'clear',
  'new',
  'default',
  'from',
  'into',
  'try_from',
  'build',
  'builder',
  'run',
  'main',
  'start',
  'init',
  'with',
  'get',
  'set',
  'call',
  'clone',
  'fmt',
  'drop',
  'deref',
  'poll',
  'serve',
  'load',
  'open',
  'read',
  'write',
  'parse',
  'send',
  'handle',
  'connect',
  'config',
  'Config',
  'Error',
  'Result',
  'create',
  'make',
  'setup',
  'test',
  'from_str',
  'eq',
  'hash',
  'cmp',
  'partial_cmp',
  'next',
  'Item',
  'Output',
  'Target',
  'Inner',
]);

function declaredItems(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(DECLARED_ITEM)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (name && name.length > 2 && !TOO_GENERAL.has(name)) names.add(name);
  }
  return [...names];
}

/** The module a file holds (`tls` for `src/tls.rs` or `src/tls/mod.rs`); none for crate roots. */
function moduleName(path: string | undefined): string | undefined {
  const parts = path?.split(/[\\/]/) ?? [];
  const stem = parts.at(-1)?.replace(/\.rs$/, '');
  const name = stem === 'mod' ? parts.at(-2) : stem;
  if (!name || name === 'main' || name === 'lib' || !/^[A-Za-z_]\w*$/.test(name)) return undefined;
  return name;
}

function words(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_]\w*/g));
}

function has(hits: Uint8Array, words: number[]): boolean {
  for (const w of words) if (hits[w] === 1) return true;
  return false;
}

/**
 * For a rule with `sources`: the files that declare or mention a carrier — a name that
 * `sources.carriers` finds declared next to a source (a function returning a TLS error, an error
 * enum wrapping one, an alias). They are parsed whatever else they contain: the rule reads the
 * declarations, and a response built from a carrier can leak what it carries. Carriers are found
 * to a fixed point: a file that mentions one may declare more (`fn reload() -> Result<_, AppError>`).
 */
function carrierFiles(files: PrefilterFile[], r: RuleWords): Set<number> | 'all' {
  const sources = r.rule.meta.sources!;
  const carriers = new Set<string>();
  const isCarrier = (name: string) => carriers.has(name);
  const out = new Set<number>();
  let pending = files.flatMap((f, i) => (f.hits !== undefined && has(f.hits, r.sourceKeywords!) ? [i] : []));
  while (pending.length > 0) {
    const fresh: string[] = [];
    for (const i of pending) {
      const names = sources.carriers(files[i].text, isCarrier);
      if (names === undefined) return 'all';
      const declared = names.filter((name) => !carriers.has(name));
      if (declared.length > 0) out.add(i);
      for (const name of declared) {
        carriers.add(name);
        fresh.push(name);
      }
    }
    if (fresh.length === 0) break;
    const mention = wholeWords(fresh);
    pending = [];
    // Files read before may declare more now (a function returning a carrier found later): all
    // files that mention a fresh carrier are read again; the set of names only grows, so this ends.
    files.forEach((f, i) => {
      if (!mention.test(f.text)) return;
      out.add(i);
      pending.push(i);
    });
  }
  return out;
}

/** A regular expression matching any of the names as a whole identifier. */
function wholeWords(names: string[]): RegExp {
  return new RegExp(
    `(?<![A-Za-z0-9_])(?:${names.map((n) => n.replace(/[^A-Za-z0-9_]/g, '\\$&')).join('|')})(?![A-Za-z0-9_])`,
  );
}
