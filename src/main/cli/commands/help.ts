/** Help pieces every command shares: examples under its options, the --workers option. */
import { Option, type Command } from 'commander';
import { workersOption } from '../options';

/** Add an "Examples:" section to a command's --help. */
export function example(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** --workers N, bounded to what the machine can hold (see options.ts). */
export function workersOpt(): Option {
  return new Option('--workers <n>', 'worker threads (default: CPUs - 1, at least 1; at most 4 per CPU)').argParser(workersOption);
}
