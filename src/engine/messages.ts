// Renders a rule's report into rustc's parts (message, label, note, help) from the rule's message
// templates: the one place where diagnostics get their words, so every rule reads alike.
import type { MessageTemplate, RuleMeta } from '../types.js';

/** The placeholders of a template: `{name}`; other braces (`{:?}`, `Config { .. }`) are text. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface RenderedMessage {
  message: string;
  label?: string;
  note?: string;
  help: string;
}

/** What the engine knows about where a finding is, said in the note (not in the primary message). */
export interface Qualifiers {
  /** `when \`x\` holds`: the branch the flagged code is in. */
  condition?: string;
  /** The finding is in example code (examples/). */
  example?: boolean;
  /** The cargo feature the code is compiled with (`#[cfg(feature = "x")]`). */
  feature?: string;
}

/** `{name}` filled from `data`; a placeholder without a value is a bug in the rule, never printed raw. */
export function fill(text: string, data: Record<string, string | number> | undefined, where: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = data?.[name];
    if (value === undefined) throw new Error(`${where}: no value for {${name}}`);
    return String(value);
  });
}

export function renderMessage(
  meta: RuleMeta,
  messageId: string,
  data: Record<string, string | number> | undefined,
  qualifiers: Qualifiers,
): RenderedMessage {
  const template: MessageTemplate | undefined = meta.messages[messageId];
  if (!template) throw new Error(`${meta.id}: unknown messageId "${messageId}"`);
  const where = `${meta.id}/${messageId}`;
  const notes: string[] = [];
  // The finding's own circumstances first: SARIF keeps only the note's first sentence.
  if (qualifiers.condition) notes.push(`This applies ${qualifiers.condition}.`);
  if (qualifiers.feature) notes.push(`This code is built with the \`${qualifiers.feature}\` feature.`);
  if (qualifiers.example) notes.push('This is example code.');
  if (template.note) notes.push(fill(template.note, data, where));
  return {
    message: fill(template.message, data, where),
    ...(template.label ? { label: fill(template.label, data, where) } : {}),
    ...(notes.length > 0 ? { note: notes.join('\n') } : {}),
    help: fill(template.help, data, where),
  };
}

/** The first sentence of a text (to a `.` `!` `?` followed by a blank and a capital or a code span). */
export function firstSentence(text: string): string {
  const flat = text.split('\n')[0];
  const m = /^.*?[.!?](?=\s+[A-Z`(]|$)/.exec(flat);
  return m ? m[0] : flat;
}
