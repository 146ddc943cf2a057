/**
 * Option value parsers for the command line. Each throws commander's InvalidArgumentError, which
 * the CLI reports as bad input (exit 2) with the option, the value and the accepted range.
 */
import { InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';

/** A whole number in [min, max]; "1e9", "3.5", "" and "-0x10" are refused, not rounded. */
export function wholeNumber(min: number, max: number, what = ''): (raw: string) => number {
  return (raw) => {
    const ok = /^[+-]?\d+$/.test(raw.trim());
    const n = ok ? Number(raw) : Number.NaN;
    if (!ok || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}${what ? ` (${what})` : ''}`);
    return n;
  };
}

/**
 * Worker threads a command may start. Each worker holds a TF.js instance (tens of MB) and the pool
 * starts them all at once, so the ceiling is four per CPU of this machine (and the API's 256):
 * more only queues work on the same cores and exhausts memory first.
 */
export function maxWorkers(): number {
  return Math.min(256, 4 * availableParallelism());
}

export const workersOption = (raw: string): number => wholeNumber(1, maxWorkers(), `4 x the ${availableParallelism()} CPUs of this machine`)(raw);

/** A TCP port; 0 lets the system choose a free one. */
export const portOption = wholeNumber(0, 65535, '0 picks a free port');

/** A comma-separated list ("a,b , c" -> ['a', 'b', 'c']). */
export const listOption = (raw: string): string[] => raw.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Repeatable option: collects every occurrence. */
export const collect = (raw: string, previous: string[] = []): string[] => [...previous, raw];
