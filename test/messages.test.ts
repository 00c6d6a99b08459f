// The rules' message templates (issue 18) and their rendering in engine/messages.ts.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ALL_RULES } from '../src/rules/index.js';
import { fill, firstSentence, renderMessage } from '../src/engine/messages.js';

const source = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('message templates', () => {
  it('every template has a one-line primary message and help', () => {
    const problems: string[] = [];
    for (const { meta } of ALL_RULES) {
      expect(Object.keys(meta.messages).length, meta.id).toBeGreaterThan(0);
      for (const [id, t] of Object.entries(meta.messages)) {
        if (!t.message.trim() || t.message.includes('\n')) problems.push(`${meta.id}/${id}: message`);
        if (!t.help.trim() || t.help.includes('\n')) problems.push(`${meta.id}/${id}: help`);
        if (/^[A-Z]/.test(t.message) && !/^[A-Z]{2}/.test(t.message))
          problems.push(`${meta.id}/${id}: the primary message starts lower-case (rustc style)`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every template is used by its rule', () => {
    const unused: string[] = [];
    for (const { meta } of ALL_RULES) {
      // always-accept-server-cert reports the findings of the model (server verification, data stores) by message id.
      const text =
        source(`src/rules/${meta.id}.ts`) +
        (meta.id === 'always-accept-server-cert'
          ? source('src/model/datastore.ts') + source('src/model/server-verification.ts')
          : '');
      for (const id of Object.keys(meta.messages)) if (!text.includes(`'${id}'`)) unused.push(`${meta.id}/${id}`);
    }
    expect(unused).toEqual([]);
  });

  it('fills {placeholders} and leaves Rust braces alone', () => {
    expect(fill('`{name}` in `Config { .. }`, `{:?}`, `{}`', { name: 'x' }, 'test')).toBe(
      '`x` in `Config { .. }`, `{:?}`, `{}`',
    );
    expect(() => fill('{missing}', {}, 'rule/id')).toThrow('rule/id: no value for {missing}');
  });

  it('puts the branch condition and example code in the note, before the rule note', () => {
    const meta = ALL_RULES.find((r) => r.meta.id === 'crl-not-checked')!.meta;
    const rendered = renderMessage(
      meta,
      'noCrls',
      { alsoDrop: '' },
      { condition: 'when `strict` holds', example: true },
    );
    expect(rendered).toEqual({
      message: 'this client-certificate verifier checks no revocation list',
      label: 'built without CRLs',
      note: 'This applies when `strict` holds.\nThis is example code.\nA revoked client certificate stays valid until it expires.',
      help: "Pass the CA's CRLs with `.with_crls(..)`.",
    });
    expect(() => renderMessage(meta, 'nope', {}, {})).toThrow('unknown messageId');
  });

  it('first sentence', () => {
    expect(firstSentence('Any client can connect. Fine for public HTTPS.\nSecond note.')).toBe(
      'Any client can connect.',
    );
    expect(firstSentence('`a.b()` is used. `c` too.')).toBe('`a.b()` is used.');
    expect(firstSentence('No full stop')).toBe('No full stop');
  });
});
