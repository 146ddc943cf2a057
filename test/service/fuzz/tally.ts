/** Counting what the fuzzers saw: tried, accepted, rejected cleanly, rejected badly, crashes. */
export interface Tally {
  tried: number;
  accepted: number;
  rejectedCleanly: number;
  /** 4xx without the field named, or with something written. */
  unclean: string[];
  crashes: string[];
}

export const newTally = (): Tally => ({ tried: 0, accepted: 0, rejectedCleanly: 0, unclean: [], crashes: [] });

export function summary(name: string, t: Tally): string {
  return `${name}: ${t.tried} tried, ${t.accepted} accepted, ${t.rejectedCleanly} rejected cleanly, ${t.unclean.length} rejected without the field named or with a write, ${t.crashes.length} crashes`;
}

/** Whether an error message names what is wrong: a field path, a file, a flag or an id. */
export function namesTheField(message: string, path?: string): boolean {
  if (path) return true;
  return /^[\w$.[\]:'"/ -]+: |'[^']+' not found|--[\w-]+|\bno such file|request body|channel|token|Host|origin|use (POST|GET)|takes a JSON body|larger than|unknown (command|subcommand|option|argument) '/i.test(message);
}
