/**
 * Services of the Slurm executor channels (slurm:*): the UI's review step submits a study as a job
 * array, the study view polls slurm:status for shard states and calls slurm:collect when they are
 * done. Same functions as `hps sweep --executor slurm | --collect | --resubmit | --cancel`.
 */
import type { Services } from '../../shared/contract';
import { join } from 'node:path';
import type { Store } from '../store/store';
import { checkPlainName, type Transport } from './files';
import { slurmInfo } from '../sweep/slurm/cmd';
import { cancelSlurmSweep, collectSlurmSweep, resubmitSlurmSweep, slurmStatus, submitSlurmSweep } from '../sweep/slurm/executor';

export type SlurmChannel = 'slurm:info' | 'slurm:submit' | 'slurm:status' | 'slurm:collect' | 'slurm:resubmit' | 'slurm:cancel';

export function slurmServices(ctx: { store: Store; dataDir: string; transport: Transport }): Pick<Services, SlurmChannel> {
  const { store, dataDir } = ctx;
  return {
    'slurm:info': async () => slurmInfo(),
    'slurm:submit': async (req) => {
      const { studyId, ...opts } = req;
      // Through the host and IPC a run folder is a plain name under the data folder's slurm/ (it
      // receives an executable script); the command line takes any folder.
      if (opts.runDir !== undefined && ctx.transport !== 'cli') opts.runDir = join(dataDir, 'slurm', checkPlainName(opts.runDir, 'slurm:submit.runDir'));
      return submitSlurmSweep(store, dataDir, store.getStudy(studyId).id, opts);
    },
    'slurm:status': async (req) => {
      const { pointsByShard: _omit, ...view } = await slurmStatus(store, store.getStudy(req.studyId).id);
      return view;
    },
    'slurm:collect': async (req) => collectSlurmSweep(store, store.getStudy(req.studyId).id),
    'slurm:resubmit': async (req) => resubmitSlurmSweep(store, store.getStudy(req.studyId).id, { maxConcurrent: req.maxConcurrent }),
    'slurm:cancel': async (req) => cancelSlurmSweep(store, store.getStudy(req.studyId).id),
  };
}
