// The crate model shared by all rules: its files, a name resolver per file, the index of
// functions, constants and trait impls (wherever they are defined), and the mTLS-intent signals.
import type { Node, Tree } from '../parser/parser.js';
import { collectUses, NameResolver, pathEndsWith } from './names.js';
import { describeCall, descendantsOfType, pathSegments } from './syntax.js';
import type { CrateTrees } from './flow.js';
import { collectIntentSignals, type IntentSignal } from './intent.js';
import { WorkBudget } from './budget.js';
import { isExamplePath, isInTestCode, isTestPath, testModuleFiles } from './code-kind.js';
import { LIBRARY, programSees, programsOf } from './programs.js';
import {
  accessOwnerType,
  fieldsFilledFromOutside,
  indexStruct,
  ownerTypeOf,
  valuesOfFieldAccess,
  type StoredField,
  type StructFields,
} from './fields.js';

export interface SourceFile {
  absPath: string;
  /** Relative to the scan root, POSIX separators. */
  relPath: string;
  text: string;
  tree: Tree;
  names: NameResolver;
}

/** A file being analysed and its crate: what a model check needs of a rule's context (a `RuleContext` is one). */
export interface InCrate {
  file: SourceFile;
  crate: CrateModel;
}

export interface TraitImpl {
  /** Resolved trait path (`rustls::server::danger::ClientCertVerifier`). */
  traitPath: string[];
  /** The implementing type's name without generics (`TrustAllClients`). */
  typeName: string;
  node: Node;
  file: SourceFile;
  /** Methods defined in the impl body, by name. */
  methods: Map<string, Node>;
}

export class CrateModel implements CrateTrees {
  readonly files: SourceFile[] = [];
  readonly impls: TraitImpl[] = [];
  readonly intentSignals: IntentSignal[] = [];
  /** The first intent signal in production code (computed on first use). */
  private productionSignal?: { signal: IntentSignal | undefined };
  private readonly functionsByName = new Map<string, Node[]>();
  private readonly constants = new Map<string, Node[]>();
  private readonly fieldValuesByName = new Map<string, Node[]>();
  /** Values stored into named fields, with what owns them (a struct literal, an assignment's receiver). */
  private readonly storedFields = new Map<string, StoredField[]>();
  private readonly structs: StructFields = new Map();
  /** Structs filled from configuration or the command line: type name → the fields so filled. */
  private readonly outsideFields = new Map<string, Set<string>>();
  private readonly fieldReadsMemo = new Map<string, Node[]>();
  /** Declared field types by field name, of every struct and struct variant (owner not recorded). */
  private readonly fieldDeclarationsByName = new Map<string, Array<{ type: Node; file: SourceFile }>>();
  /** Every `enum` item of the crate, file by file in source order. */
  readonly enums: Array<{ item: Node; file: SourceFile }> = [];
  private readonly fileByTree = new Map<Tree, SourceFile>();
  /** Files that are `#[cfg(test)] mod x;` modules (absolute paths). */
  private testFiles = new Set<string>();
  /** The crate roots (programs) each file is compiled into, by absolute path (see programs.ts). */
  private programs = new Map<string, Set<string>>();
  /** Answers of `declaresType`, by name. */
  private readonly declaredTypes = new Map<string, boolean>();
  /** Calls by callee name across the crate (see `callsNamed`). */
  private callsByName?: Map<string, Node[]>;
  /** Facts analyses derive from the whole crate, built once per crate (see `memo`). */
  private readonly memos = new Map<object, unknown>();
  /** What crate-wide searches may spend (see budget.ts); sized when the crate is built. */
  budget = new WorkBudget(Infinity);

  /** `mtls = "required"` forces intent on, `"off"` forces it off; `auto` reads the signals. */
  constructor(
    readonly root: string,
    private readonly mtlsSetting: 'auto' | 'required' | 'off' = 'auto',
  ) {}

  /** Builds the model from parsed files: uses first (re-exports are crate-wide), then items. */
  static build(
    root: string,
    files: Array<Omit<SourceFile, 'names'>>,
    mtls: 'auto' | 'required' | 'off' = 'auto',
  ): CrateModel {
    const model = new CrateModel(root, mtls);
    const uses = files.map((f) => collectUses(f.tree.rootNode));
    const reexports = new Map<string, string[]>();
    for (const u of uses) for (const e of u.entries) if (e.isPublic) reexports.set(e.local, e.target);
    files.forEach((f, i) => {
      const file: SourceFile = { ...f, names: new NameResolver(uses[i].entries, reexports) };
      model.files.push(file);
      model.fileByTree.set(f.tree, file);
      model.indexItems(file);
    });
    model.budget = WorkBudget.forSourceBytes(files.reduce((sum, f) => sum + f.text.length, 0));
    model.testFiles = testModuleFiles(model.files);
    model.programs = programsOf(root, model.files);
    for (const file of model.files) model.intentSignals.push(...collectIntentSignals(file, model));
    // The strongest signal names the intent: circumstantial ones only when nothing else is found.
    model.intentSignals.sort((a, b) => Number(!!a.weak) - Number(!!b.weak));
    return model;
  }

  private indexItems(file: SourceFile): void {
    for (const fn of descendantsOfType(file.tree.rootNode, ['function_item', 'function_signature_item'])) {
      const name = fn.childForFieldName('name')?.text;
      if (!name || fn.type !== 'function_item') continue;
      const list = this.functionsByName.get(name) ?? [];
      list.push(fn);
      this.functionsByName.set(name, list);
    }
    for (const item of descendantsOfType(file.tree.rootNode, ['const_item', 'static_item'])) {
      const name = item.childForFieldName('name')?.text;
      if (name) this.constants.set(name, [...(this.constants.get(name) ?? []), item]);
    }
    for (const init of descendantsOfType(file.tree.rootNode, ['field_initializer', 'shorthand_field_initializer'])) {
      // `Self { tls: value }` stores `value`; `Self { tls }` stores the local `tls`.
      const name =
        init.type === 'field_initializer' ? init.childForFieldName('field')?.text : init.namedChildren[0]?.text;
      const value = init.type === 'field_initializer' ? init.childForFieldName('value') : init.namedChildren[0];
      if (name && value) this.addFieldValue(name, value);
      const literal = init.parent?.parent;
      if (name && value && literal?.type === 'struct_expression') this.addStoredField(name, { value, owner: literal });
    }
    for (const item of descendantsOfType(file.tree.rootNode, 'struct_item')) {
      indexStruct(item, this.structs);
      const outside = fieldsFilledFromOutside(item);
      const name = item.childForFieldName('name')?.text;
      if (outside && name) this.outsideFields.set(name, outside);
    }
    for (const decl of descendantsOfType(file.tree.rootNode, 'field_declaration')) {
      const name = decl.childForFieldName('name')?.text;
      const type = decl.childForFieldName('type');
      if (!name || !type) continue;
      const list = this.fieldDeclarationsByName.get(name) ?? [];
      list.push({ type, file });
      this.fieldDeclarationsByName.set(name, list);
    }
    for (const item of descendantsOfType(file.tree.rootNode, 'enum_item')) this.enums.push({ item, file });
    for (const call of descendantsOfType(file.tree.rootNode, 'call_expression')) {
      // Tuple-struct constructions `ClientCert(value)` store `value` as `ClientCert.0`.
      const fn = call.childForFieldName('function');
      const type =
        fn?.type === 'identifier'
          ? fn.text
          : fn?.type === 'scoped_identifier'
            ? fn.childForFieldName('name')?.text
            : undefined;
      if (!type || !/^[A-Z]/.test(type) || /^(Some|Ok|Err|Box|Arc|Rc)$/.test(type)) continue;
      call
        .childForFieldName('arguments')
        ?.namedChildren.filter((a): a is Node => !!a && !a.type.endsWith('comment'))
        .forEach((a, i) => this.addFieldValue(`${type}.${i}`, a));
    }
    for (const assign of descendantsOfType(file.tree.rootNode, 'assignment_expression')) {
      const left = assign.childForFieldName('left');
      const right = assign.childForFieldName('right');
      const field = left?.type === 'field_expression' ? left.childForFieldName('field') : null;
      if (field?.type === 'field_identifier' && right) this.addFieldValue(field.text, right);
      const receiver = left?.childForFieldName('value');
      if (field?.type === 'field_identifier' && right && receiver)
        this.addStoredField(field.text, { value: right, owner: receiver });
    }
    for (const impl of descendantsOfType(file.tree.rootNode, 'impl_item')) {
      const trait = impl.childForFieldName('trait');
      const type = impl.childForFieldName('type');
      if (!trait || !type) continue;
      const methods = new Map<string, Node>();
      const body = impl.childForFieldName('body');
      for (const fn of body ? descendantsOfType(body, 'function_item') : []) {
        if (fn.parent?.id !== body?.id) continue;
        const name = fn.childForFieldName('name')?.text;
        if (name) methods.set(name, fn);
      }
      const traitName = trait.type === 'generic_type' ? (trait.childForFieldName('type') ?? trait) : trait;
      const typeName = type.type === 'generic_type' ? (type.childForFieldName('type') ?? type) : type;
      this.impls.push({
        traitPath: file.names.resolve(traitName),
        typeName: pathSegments(typeName).at(-1) ?? typeName.text,
        node: impl,
        file,
        methods,
      });
    }
  }

  private addFieldValue(name: string, value: Node): void {
    const list = this.fieldValuesByName.get(name) ?? [];
    list.push(value);
    this.fieldValuesByName.set(name, list);
  }

  private addStoredField(name: string, stored: StoredField): void {
    const list = this.storedFields.get(name) ?? [];
    list.push(stored);
    this.storedFields.set(name, list);
  }

  /**
   * The crate's own struct an expression's value is, when the code says so (`opts` bound to
   * `Options::new()`, `self` in `impl Options`): its fields are not a library config's fields
   * of the same name. Undefined when unknown or not a struct of this crate.
   */
  crateStructOf(expr: Node): string | undefined {
    const owner = ownerTypeOf(expr, this, this.structs);
    return owner !== undefined && this.structs.has(owner) ? owner : undefined;
  }

  /** Whether the crate declares a struct of that name (a tuple struct's name is also its constructor). */
  declaresStruct(name: string): boolean {
    return this.structs.has(name);
  }

  /**
   * Where a field of one of the crate's structs is read (`self.0` of `Server`, `state.tls` of
   * `AppState`): field accesses whose owner is known to be that type. Found on demand, memoised.
   */
  fieldReads(owner: string, field: string): Node[] {
    const key = `${owner}.${field}`;
    let reads = this.fieldReadsMemo.get(key);
    if (reads) return reads;
    reads = [];
    for (const file of this.files) {
      if (!file.text.includes(`.${field}`)) continue;
      for (const access of descendantsOfType(file.tree.rootNode, 'field_expression')) {
        if (access.childForFieldName('field')?.text !== field) continue;
        const value = access.childForFieldName('value');
        if (value && this.crateStructOf(value) === owner) reads.push(access);
      }
    }
    this.fieldReadsMemo.set(key, reads);
    return reads;
  }

  /** What a field access (`self.roots`, `state.tls`) may read: values stored into that field of its owner type (fields.ts). */
  fieldAccessValues(access: Node): Node[] {
    const name = access.childForFieldName('field')?.text ?? '';
    const stored = (this.storedFields.get(name) ?? []).filter((s) => this.sees(access, s.value));
    return stored.length === 0 ? [] : valuesOfFieldAccess(access, stored, this, this.structs);
  }

  /** Whether a field access reads a field that configuration or the command line fills (fields.ts). */
  filledFromOutside(access: Node): boolean {
    const field = access.childForFieldName('field')?.text ?? '';
    if (![...this.outsideFields.values()].some((fields) => fields.has(field))) return false;
    const owner = accessOwnerType(access, this, this.structs);
    return owner !== undefined && !!this.outsideFields.get(owner)?.has(field);
  }

  /**
   * Values stored in a field of that name. With `from`, only those the code at `from` can reach:
   * another binary's struct literals are another program's values.
   */
  fieldValues(name: string, from?: Node): Node[] {
    return this.visibleFrom(from, this.fieldValuesByName.get(name) ?? []);
  }

  /** The declared types of every field of that name (structs and struct variants, any owner). */
  fieldDeclarations(name: string): Array<{ type: Node; file: SourceFile }> {
    return this.fieldDeclarationsByName.get(name) ?? [];
  }

  /** Crate functions of that name; with `from`, only those the program of `from` compiles in. */
  functions(name: string, from?: Node): Node[] {
    return this.visibleFrom(from, this.functionsByName.get(name) ?? []);
  }

  /** The const or static of that name the code at `from` sees (the last one declared, without `from`). */
  constant(name: string, from?: Node): Node | undefined {
    return this.visibleFrom(from, this.constants.get(name) ?? []).at(-1);
  }

  /** Whether code at `from` can use what is defined at `item`: same program, or the shared library. */
  sees(from: Node, item: Node): boolean {
    return programSees(this.programsAt(from), this.programsAt(item));
  }

  /** Whether code at `node` is compiled into the library target (or into no known program). */
  inLibrary(node: Node): boolean {
    const programs = this.programsAt(node);
    return !programs || programs.has(LIBRARY);
  }

  private visibleFrom(from: Node | undefined, items: Node[]): Node[] {
    if (!from || items.length === 0) return items;
    const programs = this.programsAt(from);
    return items.filter((item) => programSees(programs, this.programsAt(item)));
  }

  private programsAt(node: Node): Set<string> | undefined {
    const file = this.fileByTree.get(node.tree);
    return file ? this.programs.get(file.absPath) : undefined;
  }

  /**
   * Every call of the crate whose callee is `name` — a method call `.name(..)` or a call of a path
   * ending in `name` — file by file, each file's in source order (an outer call before the calls
   * inside it). Indexed in one pass over the crate on first use: call-site searches run for many
   * functions, and scanning every tree for each of them made an analysis quadratic in the crate's size.
   */
  callsNamed(name: string): Node[] {
    if (!this.callsByName) {
      this.callsByName = new Map();
      for (const file of this.files) {
        for (const call of descendantsOfType(file.tree.rootNode, 'call_expression')) {
          const d = describeCall(call);
          const callee = d.method ?? (d.path ? pathSegments(d.path).at(-1) : undefined);
          if (!callee) continue;
          const list = this.callsByName.get(callee);
          if (list) list.push(call);
          else this.callsByName.set(callee, [call]);
        }
      }
    }
    return this.callsByName.get(name) ?? [];
  }

  /**
   * Whether some file of the crate declares a `struct`, `enum` or `type` of that name. Read from
   * the text, so a declaration a macro generates from written tokens counts too.
   */
  declaresType(name: string): boolean {
    let declared = this.declaredTypes.get(name);
    if (declared === undefined) {
      const declaration = new RegExp(`\\b(struct|enum|type)\\s+${name}\\b`);
      declared = this.files.some((f) => declaration.test(f.text));
      this.declaredTypes.set(name, declared);
    }
    return declared;
  }

  /**
   * A value derived from the whole crate, built on first use and kept as long as the crate model
   * (node ids are reused once a crate's trees are freed, so such facts must not outlive it).
   * `key` is a module-level constant of the analysis that owns the value.
   */
  memo<T>(key: object, build: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = build();
    this.memos.set(key, value);
    return value;
  }

  /** Impls of a trait given by path suffix (`ClientCertVerifier`), anywhere in the crate. */
  implsOf(traitSuffix: string, from?: Node): TraitImpl[] {
    return this.impls.filter((i) => pathEndsWith(i.traitPath, traitSuffix) && (!from || this.sees(from, i.node)));
  }

  /** The impl of a trait for a type name; with `from`, the one the program of `from` compiles in. */
  implFor(typeName: string, traitSuffix: string, from?: Node): TraitImpl | undefined {
    return this.implsOf(traitSuffix, from).find((i) => i.typeName === typeName);
  }

  /** True for a file declared as a test module elsewhere in the crate (`#[cfg(test)] mod tests;`). */
  isTestModuleFile(file: SourceFile): boolean {
    return this.testFiles.has(file.absPath);
  }

  fileOf(node: Node): SourceFile {
    const file = this.fileByTree.get(node.tree);
    if (!file) throw new Error('node does not belong to this crate');
    return file;
  }

  /**
   * The mTLS-intent signal that judges code at `node` (the first one), or undefined. Signals in
   * test or example code judge only test and example code: a crate whose tests or examples set up
   * client certificates has not said its service requires them.
   */
  intentSignalAt(node: Node): IntentSignal | undefined {
    const first = this.intentSignals[0];
    if (this.mtlsSetting === 'off' || !first) return undefined;
    this.productionSignal ??= { signal: this.intentSignals.find((s) => this.isProductionCode(s.node)) };
    // Rules ask for every call they visit: tell the code's kind only when the answer depends on it.
    if (this.productionSignal.signal === first) return first;
    return this.isProductionCode(node) ? this.productionSignal.signal : first;
  }

  /** Whether code at `node` belongs to a crate with mTLS intent (the configuration can force it on or off). */
  hasMtlsIntentAt(node: Node): boolean {
    return this.mtlsSetting === 'required' || this.intentSignalAt(node) !== undefined;
  }

  /** A short, human reason for the intent verdict at `node`, for messages. */
  intentReason(node: Node): string {
    if (this.mtlsSetting === 'required') return 'the configuration says mTLS is required';
    const s = this.intentSignalAt(node);
    return s
      ? `${s.reason} (${s.file.relPath}:${s.node.startPosition.row + 1})`
      : 'no client-certificate setup was found';
  }

  /** Not test code (tests/, benches/, `#[cfg(test)]` modules and items) and not example code. */
  private isProductionCode(node: Node): boolean {
    const file = this.fileByTree.get(node.tree);
    if (!file) return true; // a re-parsed macro argument: judged like the code around it would be by default
    if (isTestPath(file.relPath) || isExamplePath(file.relPath) || this.testFiles.has(file.absPath)) return false;
    return !isInTestCode(node, file.tree.rootNode);
  }
}
