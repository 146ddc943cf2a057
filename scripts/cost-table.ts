/**
 * HPS vs eNVM-only vs SRAM cost table (docs/cost-model-notes.md): energy, latency and area per epoch.
 * HPS = hps-envm pair + cap-3t1c LSB, F = 4, transfer every 8,000 images; baselines = hps-envm and
 * ag-a-si alone (reference column), and the 8T SRAM digital baseline. MLP 400-100-10 (MLP+NeuroSim: 8,000 images/epoch, batch 1) and
 * VGG-8 (batch 200, 50,000 images/epoch). Circuit: NeuroSim V2.1 defaults (32 nm LSTP, 1 GHz, 6-bit MLSA).
 * Run: npx tsx scripts/cost-table.ts
 */
import { pathToFileURL } from 'node:url';
import { runConfigSchema, type RunConfigInput } from '../src/core/config/schema';
import { evaluateCost } from '../src/core/cost';

const WORKLOADS = [
  { id: 'mlp-400-100-10', label: 'MLP 400-100-10', batchSize: 1, imagesPerEpoch: 8000 },
  { id: 'vgg8', label: 'VGG-8', batchSize: 200, imagesPerEpoch: 50000 },
] as const;

const SCHEMES: { label: string; synapse: RunConfigInput['synapse'] }[] = [
  { label: 'HPS (hps-envm pair + cap-3t1c, F=4, T=8000)', synapse: { scheme: 'hps', device: { preset: 'hps-envm' }, lsb: { preset: 'cap-3t1c' }, significance: 4, transfer: { everyImages: 8000 } } },
  { label: 'baseline hps-envm', synapse: { scheme: 'baseline', device: { preset: 'hps-envm' }, mapping: 'reference' } },
  { label: 'baseline ag-a-si', synapse: { scheme: 'baseline', device: { preset: 'ag-a-si' }, mapping: 'reference' } },
  { label: 'baseline sram-8t (digital, 1 bit a cell)', synapse: { scheme: 'baseline', device: { preset: 'sram-8t' }, mapping: 'reference' } },
];

const fmt = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-2 ? x.toExponential(3) : x.toPrecision(4));

export function main(): string {
  const lines: string[] = [];
  lines.push('| workload | synapse | energy/epoch J | latency/epoch s | area mm^2 | WU latency s | transfer latency s | E HPS/base | L HPS/base | A HPS/base |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const w of WORKLOADS) {
    const res = SCHEMES.map((s) => {
      const cfg = runConfigSchema.parse({ workload: { network: w.id }, synapse: s.synapse, training: { batchSize: w.batchSize, imagesPerEpoch: w.imagesPerEpoch, epochs: 1 } });
      return { s, r: evaluateCost(cfg) };
    });
    const hps = res[0]!.r;
    for (const { s, r } of res) {
      if (!r.ok) {
        lines.push(`| ${w.label} | ${s.label} | infeasible: ${r.reason} | | | | | | | |`);
        continue;
      }
      const ratio = (a: number, b: number) => (hps.ok && r !== hps ? fmt(a / b) : '-');
      lines.push(
        `| ${w.label} | ${s.label} | ${fmt(r.energy.total)} | ${fmt(r.latency.total)} | ${fmt(r.area.total * 1e6)} | ${fmt(r.latency.wu)} | ${fmt(r.latency.transfer)} | ${hps.ok ? ratio(hps.energy.total, r.energy.total) : '-'} | ${hps.ok ? ratio(hps.latency.total, r.latency.total) : '-'} | ${hps.ok ? ratio(hps.area.total, r.area.total) : '-'} |`,
      );
    }
  }
  const out = lines.join('\n');
  console.log(out);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
