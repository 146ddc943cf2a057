/**
 * Parsing JSON text that came from outside (request bodies, study and config files, bundles):
 *  - nesting deeper than `maxDepth` is refused before parsing, so recursive consumers further on
 *    (schema validation, canonical hashing, JSON.stringify) can never overflow the stack;
 *  - a syntax error names the position only: V8's message quotes the text around the error, and
 *    the text may be a file the caller was never meant to read.
 */
import { ConfigError } from '../errors';

/** Deep enough for every document the app writes (a study nests about 8 levels). */
export const MAX_JSON_DEPTH = 64;

/** Deepest nesting of arrays and objects in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Infinity): { depth: number; at: number } {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return { depth: max, at: i };
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return { depth: max, at: -1 };
}

/**
 * Parse JSON text from outside. `what` names the source in errors ('request body', a file name).
 * Throws ConfigError (path = `what`); never quotes the text.
 */
export function parseJsonText(text: string, what: string, opts: { maxDepth?: number } = {}): unknown {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const d = jsonDepth(text, maxDepth);
  if (d.depth > maxDepth)
    throw new ConfigError(`${what}: JSON nested deeper than ${maxDepth} levels (at character ${d.at})`, {
      issues: [{ path: what, message: `nested deeper than ${maxDepth} levels` }],
    });
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const where = pos ? ` at character ${pos[1]}` : text.trim() === '' ? ' (empty)' : '';
    throw new ConfigError(`${what}: not valid JSON${where}`, { issues: [{ path: what, message: `not valid JSON${where}` }] });
  }
}

/**
 * The same limit for a value that is already parsed (IPC payloads, files read by the command
 * line): walked without recursion, so the check itself cannot overflow.
 */
export function checkDepth(value: unknown, what: string, maxDepth = MAX_JSON_DEPTH): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > maxDepth)
      throw new ConfigError(`${what}: nested deeper than ${maxDepth} levels`, { issues: [{ path: what, message: `nested deeper than ${maxDepth} levels` }] });
    for (const child of Object.values(v as Record<string, unknown>)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
}
