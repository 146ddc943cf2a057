/**
 * The command tree of `hps` (commander): global options, every command with its options, help
 * text and examples. Unknown commands, subcommands and options are errors with a "did you mean";
 * subcommands inherit the output and exit settings made here before they are added.
 */
import { Command } from 'commander';
import { APP_VERSION } from '../version';
import { bashCompletion, zshCompletion } from './completion';
import { devicesCommand } from './commands/devices';
import { example } from './commands/help';
import { runCommands } from './commands/run';
import { storedCommands } from './commands/stored';

const ABOUT = `HPS Studio ${APP_VERSION}: design-space exploration of in-situ training on compute-in-memory with hybrid precision synapses (capacitor LSB + eNVM pair MSB) against eNVM-only baselines.`;

const FOOTER = `
Every command takes --data-dir DIR and --json (machine-readable output on stdout; progress goes to
stderr). Ids may be abbreviated to a unique prefix. \`hps <command> --help\` shows a command's
options and examples; \`hps completion bash|zsh\` prints a shell completion script.

Exit codes: 0 ok, 1 failure, 2 bad input (the message names the field and value), 130 stopped by
Ctrl-C (the work in flight is stored first; the message says how to resume).`;

export function buildProgram(write: { out(s: string): void; err(s: string): void }): Command {
  const program = new Command('hps')
    .description(ABOUT)
    .version(APP_VERSION, '-V, --version', 'print the version')
    .option('--data-dir <dir>', 'folder of the database (default: HPS_DATA_DIR, else the XDG data folder)')
    .option('--json', 'machine-readable output on stdout (progress stays on stderr)')
    .addHelpText('after', FOOTER)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({ writeOut: write.out, writeErr: write.err, outputError: (s, w) => w(`hps: ${s}`) })
    .exitOverride();

  runCommands(program);
  storedCommands(program);
  devicesCommand(program);

  example(
    program
      .command('completion')
      .description('print a shell completion script (commands, subcommands, options, choices)')
      .addArgument(program.createArgument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
      .action((shell: string) => write.out(shell === 'bash' ? bashCompletion(program) : zshCompletion(program))),
    'hps completion bash > ~/.local/share/bash-completion/completions/hps',
    'source <(hps completion zsh)',
  );

  return program;
}


/**
 * `hps studies` (a command group with a `list` subcommand, given nothing else) means `hps studies
 * list`, as it always has. Done on the arguments rather than with commander's default subcommand,
 * which would swallow a mistyped subcommand as an argument of `list` instead of suggesting one.
 */
export function withDefaultList(program: Command, argv: readonly string[]): string[] {
  const valueOptions = new Set(program.options.filter((o) => o.required || o.optional).map((o) => o.long));
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) i += valueOptions.has(argv[i]!) ? 2 : 1;
  const group = program.commands.find((c) => c.name() === argv[i]);
  if (!group || !group.commands.some((c) => c.name() === 'list')) return [...argv];
  const next = argv[i + 1];
  if (next !== undefined && (!next.startsWith('-') || next === '-h' || next === '--help')) return [...argv];
  return [...argv.slice(0, i + 1), 'list', ...argv.slice(i + 1)];
}
