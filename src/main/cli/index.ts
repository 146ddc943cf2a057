/**
 * `hps`: the command line. Same services as the desktop app and the browser host, for overnight
 * runs and scripts. Bad input exits 2 with one line naming the field; other failures exit 1.
 */
import { CommanderError } from 'commander';
import { ConfigError, HpsError } from '../../core/errors';
import { buildProgram, withDefaultList } from './program';

const write = { out: (s: string): void => void process.stdout.write(s), err: (s: string): void => void process.stderr.write(s) };

/** Commander's own ways of finishing without an error. */
const DONE = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(write);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(withDefaultList(program, argv), { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    // Parser errors (unknown command or option, missing or bad argument) were already printed.
    if (e instanceof CommanderError) return DONE.has(e.code) ? 0 : 2;
    const err = e as Error;
    const bad = e instanceof ConfigError || (e instanceof HpsError && (e.code === 'NOT_FOUND' || e.code === 'MODEL_ERROR' || e.code === 'DATASET_ERROR'));
    write.err(`hps: error: ${err.message.split('\n').join(' ').replace(/\s+/g, ' ')}\n`);
    if (!(e instanceof HpsError) && process.env.HPS_DEBUG) write.err(`${err.stack}\n`);
    return bad ? 2 : 1;
  }
}

const isMain = process.argv[1] && /cli\.js$|cli\/index\.ts$/.test(process.argv[1]);
if (isMain) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
