// Test helper: validates SARIF logs against the SARIF 2.1.0 JSON schema that @microsoft/jest-sarif
// ships (lib/schemas/sarif-2.1.0-rtm.5.json, a JSON Schema draft-04 document, hence ajv-draft-04).
// No npm package ships the OASIS file sarif-schema-2.1.0.json itself.
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let validator: ReturnType<Ajv04['compile']> | undefined;

/** The schema's complaints about `log`, one line each; empty when it is valid SARIF 2.1.0. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validator) {
    // unicodeRegExp off: the schema's `language` pattern has a stray `]`, legal only without the u flag.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  }
  if (validator(log)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`);
}
