// Fields are owned by their type. `self.roots` in an impl of `TestPki` reads the `roots` field of
// `TestPki`, not the `roots` of a `RootCertStore { .. }` literal elsewhere: a field access is
// resolved through the struct that declares it, and an access whose owner type is unknown has no
// known values (never "any field of that name").
import type { Node } from '../parser/parser.js';
import { attributesOf } from './code-kind.js';
import { findBinding, type ItemLookup } from './flow.js';
import { ancestors, namedChildren, pathSegments } from './syntax.js';

/** A value stored into a field: by a struct literal (owner known) or an assignment (owner = the receiver's type). */
export interface StoredField {
  value: Node;
  /** The struct literal, or the receiver expression of `recv.field = value`. */
  owner: Node;
}

/** Struct declarations of a crate: type name → field name → declared type. */
export type StructFields = Map<string, Map<string, Node>>;

/** Wrapper types whose first type argument is the value's type for field access purposes. */
const TRANSPARENT_TYPES = new Set([
  'Arc',
  'Rc',
  'Box',
  'Mutex',
  'RwLock',
  'State',
  'Extension',
  'Data',
  'Option',
  'Cow',
  'ArcSwap',
  'Ref',
  'RefMut',
  'MutexGuard',
  'Pin',
]);

/** Records the named fields of a `struct` item. */
export function indexStruct(item: Node, into: StructFields): void {
  const name = item.childForFieldName('name')?.text;
  const body = item.childForFieldName('body');
  if (name && body?.type === 'ordered_field_declaration_list') {
    // A tuple struct (`struct Server(SslContext)`): its fields are `0`, `1`, … (`self.0`).
    const fields = into.get(name) ?? new Map<string, Node>();
    body.childrenForFieldName('type').forEach((type, i) => type && fields.set(String(i), type));
    into.set(name, fields);
    return;
  }
  if (!name || body?.type !== 'field_declaration_list') return;
  const fields = into.get(name) ?? new Map<string, Node>();
  for (const decl of namedChildren(body)) {
    const field = decl.type === 'field_declaration' ? decl.childForFieldName('name')?.text : undefined;
    const type = decl.childForFieldName('type');
    if (field && type) fields.set(field, type);
  }
  into.set(name, fields);
}

/** The type that owns a struct literal (`Self { .. }` in an impl is the impl's type). */
export function literalOwnerType(literal: Node): string | undefined {
  const name = literal.childForFieldName('name');
  const segs = name ? pathSegments(name.type === 'generic_type' ? (name.childForFieldName('type') ?? name) : name) : [];
  const last = segs.at(-1);
  return last === 'Self' ? enclosingImplType(literal) : last;
}

/**
 * The type name of an expression's value when the code says it: `self` in an impl, a parameter or
 * `let` with a written type, a struct literal or `Type::new(..)` bound by `let`, a field of a known
 * struct. Undefined when unknown.
 */
export function ownerTypeOf(expr: Node, items: ItemLookup, structs: StructFields, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const node =
    expr.type === 'parenthesized_expression' || expr.type === 'reference_expression' || expr.type === 'unary_expression'
      ? namedChildren(expr).at(-1)
      : expr;
  if (!node) return undefined;
  if (node.type === 'self') return enclosingImplType(node);
  if (node.type === 'identifier') {
    const b = findBinding(node, items);
    if (b?.type) return typeNameOf(b.type);
    if (b?.kind === 'let' && b.value) return valueTypeName(b.value, structs);
    return undefined;
  }
  if (node.type === 'field_expression') {
    const owner = ownerTypeOf(node.childForFieldName('value') ?? node, items, structs, depth + 1);
    const declared = owner ? structs.get(owner)?.get(node.childForFieldName('field')?.text ?? '') : undefined;
    return declared ? typeNameOf(declared) : undefined;
  }
  return valueTypeName(node, structs);
}

/** `Type { .. }`, `Type::new(..)`/`Type::default()` of a crate struct: the type the expression builds. */
function valueTypeName(value: Node, structs: StructFields): string | undefined {
  if (value.type === 'struct_expression') return literalOwnerType(value);
  if (value.type === 'call_expression') {
    const fn = value.childForFieldName('function');
    const segs = fn && fn.type !== 'field_expression' ? pathSegments(fn) : [];
    const type = segs.at(-2);
    if (type && structs.has(type) && /^(new|default|with_\w+|from_\w+|load|build)$/.test(segs.at(-1) ?? ''))
      return type;
  }
  return undefined;
}

/** The struct a written type names: `&mut TestPki` → `TestPki`, `Arc<AppState>` → `AppState`. */
export function typeNameOf(type: Node): string | undefined {
  let node: Node | undefined = type;
  for (let guard = 0; node && guard < 16; guard++) {
    if (node.type === 'reference_type' || node.type === 'pointer_type') {
      node = node.childForFieldName('type') ?? undefined;
      continue;
    }
    if (node.type === 'generic_type') {
      const base = pathSegments(node.childForFieldName('type') ?? node).at(-1);
      const args = node.childForFieldName('type_arguments');
      const first = args ? namedChildren(args).find((a) => !a.type.includes('lifetime')) : undefined;
      if (base && TRANSPARENT_TYPES.has(base) && first) {
        node = first;
        continue;
      }
      return base;
    }
    if (node.type === 'type_identifier' || node.type === 'scoped_type_identifier') {
      const name = pathSegments(node).at(-1);
      return name === 'Self' ? enclosingImplType(node) : name;
    }
    return undefined;
  }
  return undefined;
}

export function enclosingImplType(node: Node): string | undefined {
  for (const a of ancestors(node)) {
    if (a.type !== 'impl_item') continue;
    const type = a.childForFieldName('type');
    return type ? typeNameOf(type) : undefined;
  }
  return undefined;
}

/**
 * The values a field access may read: those stored into the same field of the same owner type.
 * When the access's owner is unknown, only a field that exactly one struct of the crate declares
 * is resolved (to that struct); otherwise nothing is known.
 */
export function valuesOfFieldAccess(
  access: Node,
  stored: StoredField[],
  items: ItemLookup,
  structs: StructFields,
): Node[] {
  const owner = accessOwnerType(access, items, structs);
  return owner ? stored.filter((s) => storedOwner(s, items, structs) === owner).map((s) => s.value) : [];
}

/** The struct a field access reads from: its receiver's type, or the only struct declaring that field. */
export function accessOwnerType(access: Node, items: ItemLookup, structs: StructFields): string | undefined {
  const field = access.childForFieldName('field')?.text ?? '';
  const receiver = access.childForFieldName('value');
  const owner = receiver ? ownerTypeOf(receiver, items, structs) : undefined;
  if (owner) return owner;
  const declaring = [...structs].filter(([, fields]) => fields.has(field)).map(([name]) => name);
  return declaring.length === 1 ? declaring[0] : undefined;
}

/** Derives that fill a struct from outside the program: a configuration file, the command line, the environment. */
const FILLED_FROM_OUTSIDE = /\b(Deserialize|Parser|Args|StructOpt|Envconfig)\b/;

/**
 * The fields of a struct that a derive fills from configuration or the command line (serde's
 * `Deserialize`, clap's `Parser`/`Args`): their values are the user's, whatever defaults the crate
 * writes. Fields serde skips keep the crate's values.
 */
export function fieldsFilledFromOutside(item: Node): Set<string> | undefined {
  if (!attributesOf(item).some((a) => /^#\[derive\(/.test(a.text) && FILLED_FROM_OUTSIDE.test(a.text)))
    return undefined;
  const body = item.childForFieldName('body');
  if (body?.type !== 'field_declaration_list') return undefined;
  const fields = new Set<string>();
  for (const decl of namedChildren(body)) {
    const name = decl.type === 'field_declaration' ? decl.childForFieldName('name')?.text : undefined;
    const skipped = attributesOf(decl).some((a) =>
      /(serde|arg|clap|structopt)\s*\([^)]*\bskip(_deserializing)?\b/.test(a.text),
    );
    if (name && !skipped) fields.add(name);
  }
  return fields;
}

function storedOwner(s: StoredField, items: ItemLookup, structs: StructFields): string | undefined {
  return s.owner.type === 'struct_expression' ? literalOwnerType(s.owner) : ownerTypeOf(s.owner, items, structs);
}
