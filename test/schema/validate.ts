// Validates SARIF logs against the official OASIS SARIF 2.1.0 JSON schema (draft-04), the
// schema GitHub's upload action checks. A copy of the schema lives beside this file.
// Both are CommonJS modules whose `module.exports` is also their `default` export: under
// `nodenext` TypeScript types the default import as the whole module, so `.default` is used.
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const schema = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'sarif-schema-2.1.0.json'), 'utf8'),
);
const ajv = new Ajv04.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Schema errors of a SARIF log as readable lines; empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
