/**
 * `hps devices list | show | curve | fit | delete`: device presets (built-in and the user's), their
 * pulse-response curves, fits of measured sweeps and user presets saved from them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../../core/errors';
import { parseMeasuredCsv } from '../../../core/devices/measured';
import { deviceCurveChart } from '../../../core/report/charts';
import type { AppHandle } from '../../app';
import { call, readJson, table, withApp, type CommandOptions, type Output } from '../common';
import { wholeNumber } from '../options';
import { writePlot } from '../plot';
import { curveRows, curveText, fitText, paramsText } from '../text';
import { example } from './help';

function readText(file: string, what: string): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (e) {
    const message = `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    throw new ConfigError(`${what} ${file}: ${message}`, { issues: [{ path: what, message, value: file }] });
  }
}

/** A device argument: a preset id (built-in or user), a measured CSV file, or a JSON device spec file. */
function deviceArg(arg: string): { device: unknown; data?: { ltp: [number, number][]; ltd: [number, number][] } } {
  const isFile = existsSync(resolve(arg));
  const ext = extname(arg).toLowerCase();
  if (isFile && ext === '.json') return { device: readJson(arg, 'device') };
  if (isFile || ext === '.csv') {
    const data = parseMeasuredCsv(readText(arg, 'device'));
    return { device: { preset: 'measured', measured: data }, data };
  }
  return { device: { preset: arg } };
}

async function plotIfAsked(file: string | undefined, chart: Parameters<typeof deviceCurveChart>[0]): Promise<void> {
  if (!file) return;
  const path = await writePlot(file, deviceCurveChart(chart));
  process.stderr.write(`wrote ${path}\n`);
}

async function list(app: AppHandle, _args: [], _opts: CommandOptions, out: Output): Promise<void> {
  const presets = await call(app, 'devices:presets', {});
  out.result(presets, () => table(presets.map((d) => [d.id, d.kind, d.title, d.cell, d.kind === 'user' ? d.reference : d.citation]), ['id', 'kind', 'title', 'cell', 'source']));
}

async function show(app: AppHandle, [id]: [string], _opts: CommandOptions, out: Output): Promise<void> {
  const presets = await call(app, 'devices:presets', {});
  const d = presets.find((p) => p.id === id);
  if (!d) {
    const message = `no device preset '${id}'; \`hps devices list\` shows them`;
    throw new ConfigError(`preset: ${message}`, { issues: [{ path: 'preset', message, value: id }] });
  }
  out.result(d, () => [`${d.id}: ${d.title} (${d.kind}, ${d.cell} cell)`, d.reference, '', paramsText(d.params), '', ...d.notes.map((n) => `- ${n}`)].join('\n'));
}

async function curve(app: AppHandle, [arg]: [string], opts: CommandOptions, out: Output): Promise<void> {
  const { device, data } = deviceArg(arg);
  const view = await call(app, 'devices:curve', { device, ...(opts.pulses !== undefined ? { pulses: opts.pulses } : {}) });
  const gMin = view.params.gMin!;
  const gMax = view.params.gMax!;
  const ltp = curveRows(view.ltp, gMin, gMax);
  const ltd = curveRows(view.ltd, gMin, gMax);
  const name = data ? basename(arg) : arg;
  await plotIfAsked(opts.plot as string | undefined, { title: `Pulse response of ${name}`, ltp: view.ltp, ltd: view.ltd, ...(data ? { data } : {}) });
  out.result({ device: name, params: view.params, ltp, ltd }, () => curveText(`pulse response of ${name}${data ? ' (look-up table of the measured sweeps)' : ''}`, view, ltp, ltd));
}

async function fit(app: AppHandle, [file]: [string], opts: CommandOptions, out: Output): Promise<void> {
  const csv = readText(file, 'csv');
  const f = await call(app, 'devices:fit', { csv });
  const save = opts.save as string | undefined;
  const saved = save
    ? await call(app, 'devices:savePreset', { id: save, csv, file: basename(file), ...(opts.title ? { title: opts.title as string } : {}), ...(opts.replace ? { replace: true } : {}) })
    : undefined;
  await plotIfAsked(opts.plot as string | undefined, { title: `Fit of ${basename(file)}`, ltp: f.ltp, ltd: f.ltd, data: f.data });
  out.result(saved ? { ...f, saved } : f, () =>
    [
      fitText(basename(file), f),
      saved ? `\nsaved as user preset '${saved.id}' (${saved.title}); use it in a config as "device": { "preset": "${saved.id}" }` : '',
    ].join(''),
  );
}

async function remove(app: AppHandle, [id]: [string], _opts: CommandOptions, out: Output): Promise<void> {
  const r = await call(app, 'devices:deletePreset', { id });
  out.result(r, () => `deleted user preset '${r.deleted}' (stored runs and studies keep the definition they were made with)`);
}

export function devicesCommand(program: Command): void {
  const devices = program.command('devices').description('device presets and user presets: list | show | curve | fit [--save] | delete');
  example(devices, 'hps devices list', 'hps devices curve ag-a-si --plot ag-a-si.svg', 'hps devices fit sweep.csv --save my-rram');

  example(devices.command('list').description('built-in presets with their sources, and user presets').action(withApp(list)), 'hps devices list --json');

  example(devices.command('show').description('one preset: parameters with units, notes, source').argument('<preset>', 'preset id (built-in or user)').action(withApp(show)), 'hps devices show hps-envm');

  example(
    devices
      .command('curve')
      .description('LTP/LTD pulse-response curves: conductance after each pulse and the step it made')
      .argument('<device>', 'preset id (built-in or user), a measured CSV file, or a JSON device spec file')
      .option('--pulses <n>', 'pulses per direction (default: the device levels, at most 10000)', wholeNumber(1, 10000))
      .option('--plot <file>', 'also draw the curves to an .svg or .png file')
      .action(withApp(curve)),
    'hps devices curve ag-a-si',
    'hps devices curve measured.csv --plot curve.png',
    'hps devices curve my-rram --json | jq ".ltp[-1]"',
  );

  example(
    devices
      .command('fit')
      .description('least-squares fit of measured LTP/LTD sweeps to the device model, with the fit error')
      .argument('<file.csv>', 'pulse number vs conductance: "direction,pulse,conductance", "pulse,G_ltp,G_ltd" or "pulse_ltp,G_ltp,pulse_ltd,G_ltd"')
      .option('--save <name>', 'store the fitted device as a user preset (usable in configs as "preset": "<name>")')
      .option('--title <text>', 'title of the saved preset')
      .option('--replace', 'overwrite an existing user preset of that name')
      .option('--plot <file>', 'draw the data and the fitted curves to an .svg or .png file')
      .action(withApp(fit)),
    'hps devices fit sweep.csv',
    'hps devices fit sweep.csv --save my-rram --title "TaOx cell, wafer 3"',
  );

  example(
    devices.command('delete').description('delete a user preset (stored runs keep their copy of it)').argument('<preset>', 'user preset id').action(withApp(remove)),
    'hps devices delete my-rram',
  );
}
