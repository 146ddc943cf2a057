/** What the data folder holds: `hps studies`, `runs`, `jobs`, `templates`, `export`, `import`. */
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatProgress } from '../../../core/format/units';
import { resourcesDir } from '../../paths';
import { call, table, withApp } from '../common';
import { runText } from '../fair';
import { example } from './help';

export function storedCommands(program: Command): void {
  const studies = example(program.command('studies').description('stored studies: list | show <study-id>'), 'hps studies', 'hps studies show 3f2a --json');
  example(
    studies.command('list').description('every study with its status and size').action(
      withApp(async (app, _args: [], _opts, out) => {
        const list = await call(app, 'studies:list', {});
        out.result(list, () => (list.length === 0 ? 'no studies yet' : table(list.map((s) => [s.id.slice(0, 8), s.name, s.status, s.evaluation, s.points, s.createdAt.slice(0, 19)]), ['id', 'name', 'status', 'evaluation', 'points', 'created'], [4])));
      }),
    ),
    'hps studies list',
  );
  example(
    studies.command('show').description('one study: progress and its spec').argument('<study-id>', 'study id or a unique prefix of it').action(
      withApp(async (app, [id]: [string], _opts, out) => {
        const s = await call(app, 'studies:get', { id });
        out.result(s, () => `${s.name} (${s.id})\nstatus ${s.status}; ${s.points} of ${s.plannedPoints} points stored; ${s.runs} runs; evaluation ${s.evaluation}\n${JSON.stringify(s.spec, null, 2)}`);
      }),
    ),
    'hps studies show 3f2a',
  );

  const runs = example(program.command('runs').description('stored training runs: list [--study ID] | show <run-id>'), 'hps runs', 'hps runs show 9c41');
  example(
    runs.command('list').description('training runs, newest first').option('--study <study-id>', 'only the runs of this study').action(
      withApp(async (app, _args: [], opts, out) => {
        const list = await call(app, 'runs:list', { studyId: opts.study as string | undefined });
        out.result(list, () => (list.length === 0 ? 'no runs yet' : table(list.map((r) => [r.id.slice(0, 8), r.role, r.status, r.backend ?? '-', r.epochs.length, r.createdAt.slice(0, 19)]), ['id', 'role', 'status', 'backend', 'epochs', 'created'], [4])));
      }),
    ),
    'hps runs list --study 3f2a',
  );
  example(
    runs.command('show').description('one run: per-epoch loss and accuracies').argument('<run-id>', 'run id or a unique prefix of it').action(
      withApp(async (app, [id]: [string], _opts, out) => {
        const r = await call(app, 'runs:get', { id });
        out.result(r, () => `run ${r.id} (${r.status}, backend ${r.backend ?? '-'}, seed ${r.seed})\n${runText(r)}`);
      }),
    ),
    'hps runs show 9c41',
  );

  const jobs = example(program.command('jobs').description('jobs (sweeps, training runs) and their states: list'), 'hps jobs');
  example(
    jobs.command('list').description('every job; interrupted ones can be resumed').action(
      withApp(async (app, _args: [], _opts, out) => {
        const list = await call(app, 'jobs:list', {});
        const hint = (j: (typeof list)[number]): string =>
          j.status === 'interrupted' || j.status === 'cancelled' ? (j.kind === 'train' && j.runId ? `hps train --resume ${j.runId.slice(0, 8)}` : j.studyId ? `hps sweep --resume ${j.studyId.slice(0, 8)}` : '') : '';
        out.result(list, () => (list.length === 0 ? 'no jobs yet' : table(list.map((j) => [j.id.slice(0, 8), j.kind, j.status, formatProgress(j.progress), j.message, hint(j)]), ['id', 'kind', 'status', 'progress', 'message', 'resume with'], [3])));
      }),
    ),
    'hps jobs list',
  );

  const templates = example(program.command('templates').description('bundled study templates: list'), 'hps templates');
  example(
    templates.command('list').description('template ids, to run with `hps sweep <id>`').action(
      withApp(async (app, _args: [], _opts, out) => {
        const list = await call(app, 'studies:templates', {});
        out.result(list, () => table(list.map((t) => [t.id, t.name]), ['id', 'name']) + `\n(files in ${join(resourcesDir(), 'templates')}; run one with \`hps sweep <id>\`)`);
      }),
    ),
    'hps templates list',
  );

  example(
    program
      .command('export')
      .description('a study as a PDF report, tidy CSV, wide CSV or a JSON bundle')
      .argument('<study-id>', 'study id or a unique prefix of it')
      .addOption(new Option('--format <format>', 'report format').choices(['pdf', 'csv', 'csv-wide', 'csv-diagnostics', 'json']).default('pdf'))
      .requiredOption('--out <file>', 'file to write')
      .action(
        withApp(async (app, [id]: [string], opts, out) => {
          const r = await call(app, 'reports:export', { studyId: id, format: opts.format, path: resolve(opts.out as string) });
          out.result(r, () => `wrote ${r.path} (${r.bytes} bytes, ${r.mime})`);
        }),
      ),
    'hps export 3f2a --format pdf --out report.pdf',
    'hps export 3f2a --format csv-wide --out points.csv',
  );

  example(
    program
      .command('import')
      .description('import a JSON bundle (from `hps export --format json`) as a new study')
      .argument('<bundle.json>', 'bundle file')
      .action(
        withApp(async (app, [file]: [string], _opts, out) => {
          const s = await call(app, 'reports:import', { path: resolve(file) });
          out.result(s, () => `imported study ${s.name} as ${s.id} (${s.points} points, ${s.runs} runs)`);
        }),
      ),
    'hps import bundle.json',
  );
}
