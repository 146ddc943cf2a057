/** A small strict argument parser: unknown flags are errors that name the flag. */
import { ConfigError } from '../../core/errors';

export interface FlagSpec {
  readonly [name: string]: 'boolean' | 'string' | 'int' | 'strings';
}

export interface Parsed {
  positional: string[];
  flags: Record<string, string | boolean | number | string[] | undefined>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): Parsed {
  const positional: string[] = [];
  const flags: Parsed['flags'] = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const type = spec[name];
    if (!type) throw new ConfigError(`unknown option --${name}`, { issues: [{ path: `--${name}`, message: 'unknown option' }] });
    if (type === 'boolean') {
      flags[name] = true;
      continue;
    }
    const raw = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new ConfigError(`option --${name} needs a value`, { issues: [{ path: `--${name}`, message: 'needs a value' }] });
    if (type === 'int') {
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new ConfigError(`option --${name}: expected an integer, got '${raw}'`, { issues: [{ path: `--${name}`, message: 'expected an integer', value: raw }] });
      flags[name] = n;
    } else if (type === 'strings') {
      const prev = flags[name];
      flags[name] = Array.isArray(prev) ? [...prev, raw] : [raw];
    } else flags[name] = raw;
  }
  return { positional, flags };
}
