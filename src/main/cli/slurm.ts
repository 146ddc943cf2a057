/**
 * Slurm executor commands (issue 9). Placeholder wiring: the executor is implemented in
 * src/main/sweep/slurm/ and this module adapts it to the CLI.
 */
import type { AppHandle } from '../app';
import type { FlagSpec, Parsed } from './args';
import { ConfigError } from '../../core/errors';
import type { Handler, Output } from './common';

export const SLURM_SWEEP_FLAGS: FlagSpec = {
  executor: 'string',
  shards: 'int',
  partition: 'string',
  time: 'string',
  'sbatch-arg': 'strings',
  'run-dir': 'string',
  collect: 'string',
  resubmit: 'string',
  cancel: 'string',
};

/** Handles `hps sweep` when it asks for the Slurm executor or one of its verbs; returns false otherwise. */
export async function slurmSweepCommand(_app: AppHandle, p: Parsed, _out: Output): Promise<boolean> {
  const wants = p.flags.executor === 'slurm' || p.flags.collect || p.flags.resubmit || p.flags.cancel;
  if (p.flags.executor !== undefined && p.flags.executor !== 'local' && p.flags.executor !== 'slurm') {
    throw new ConfigError(`--executor: expected local or slurm, got '${String(p.flags.executor)}'`, { issues: [{ path: '--executor', message: 'expected local or slurm', value: p.flags.executor }] });
  }
  if (!wants) return false;
  throw new ConfigError('the Slurm executor is not available in this build', { issues: [{ path: '--executor', message: 'not available' }] });
}

export const sweepShardCommand: Handler = async () => {
  throw new ConfigError('sweep-shard is not available in this build', { issues: [{ path: 'sweep-shard', message: 'not available' }] });
};
