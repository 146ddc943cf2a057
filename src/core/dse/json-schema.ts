/**
 * The study file format as JSON Schema (draft 2020-12), generated from the zod schema (input side:
 * fields with defaults are optional). scripts/gen-schema.ts writes it to
 * resources/schema/study.schema.json; a unit test checks the committed file is current.
 * Cross-field rules (knob paths exist, values validate when applied...) are not expressible here;
 * parseStudy enforces them.
 */
import { z } from 'zod';
import { studySchema } from './study';

export function studyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(studySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://hps-studio.invalid/schema/study.schema.json',
    title: 'HPS Studio study',
    description: 'A design-space exploration study: base run config (iso set), knobs, sampler, objectives, constraints, baseline.',
  };
}

export function studyJsonSchemaText(): string {
  return `${JSON.stringify(studyJsonSchema(), null, 2)}\n`;
}
