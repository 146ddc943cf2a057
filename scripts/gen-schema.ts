/**
 * Writes resources/schema/study.schema.json (JSON Schema 2020-12) from the zod study schema, so
 * editors can validate and complete study files. Run: npx tsx scripts/gen-schema.ts [--check]
 * With --check it writes nothing and exits 1 when the committed file is out of date.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { studyJsonSchemaText } from '../src/core/dse/json-schema';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'resources/schema/study.schema.json');
const text = studyJsonSchemaText();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current !== text) {
    console.error(`${out} is out of date; run: npx tsx scripts/gen-schema.ts`);
    process.exitCode = 1;
  } else console.log(`${out} is up to date`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
