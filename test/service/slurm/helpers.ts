/** Shared pieces of the Slurm executor tests: a cost-only study of a chosen size, point dumps. */
import Database from 'better-sqlite3';

/** A cost-only grid study: steps1 x steps2 x 5 ADC resolutions x 2 array sizes HPS points (+10 baseline twins). */
export function costStudy(name: string, steps1: number, steps2: number): unknown {
  return {
    name,
    base: { workload: { network: 'mlp-400-100-10' }, training: { batchSize: 1, imagesPerEpoch: 8000 } },
    knobs: [
      { path: 'synapse.transfer.everyImages', type: 'integer', min: 100, max: 64000, steps: steps1, scale: 'log' },
      { path: 'synapse.significance', type: 'numeric', min: 1, max: 16, steps: steps2, scale: 'log' },
      { path: 'circuit.adcBits', type: 'integer', values: [4, 5, 6, 7, 8] },
      { path: 'circuit.arrayRows', type: 'integer', values: [64, 128] },
    ],
    sampler: { kind: 'grid' },
    objectives: [
      { metric: 'energyPerEpoch', direction: 'min' },
      { metric: 'latencyPerEpoch', direction: 'min' },
      { metric: 'area', direction: 'min' },
    ],
    evaluation: 'cost',
  };
}

export interface PointDump {
  idx: number;
  role: string;
  twin: string | null;
  knobs: string;
  status: string;
  metrics: string | null;
  reason: string | null;
  replicate: number;
  group: string | null;
}

/** Every stored point of the (only) study in a database, by hash: what must not depend on the executor. */
export function pointsByHash(dbFile: string): Map<string, PointDump> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT hash, idx, role, twin_hash AS twin, knobs, status, metrics, reason, replicate, group_hash AS "group" FROM points').all() as (PointDump & { hash: string })[];
    return new Map(rows.map(({ hash, ...rest }) => [hash, rest]));
  } finally {
    db.close();
  }
}

/** Every column of every point row (created_at included): to show a second collect changes nothing. */
export function rawPoints(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true });
  try {
    return JSON.stringify(db.prepare('SELECT * FROM points ORDER BY study_id, hash').all());
  } finally {
    db.close();
  }
}

/** Compare two point maps; returns the first differences (empty when identical point for point). */
export function diffPoints(a: Map<string, PointDump>, b: Map<string, PointDump>): string[] {
  const out: string[] = [];
  for (const [h, p] of a) {
    const q = b.get(h);
    if (!q) out.push(`${h.slice(0, 12)} missing on the right`);
    else if (JSON.stringify(p) !== JSON.stringify(q)) out.push(`${h.slice(0, 12)} differs: ${JSON.stringify(p).slice(0, 200)} vs ${JSON.stringify(q).slice(0, 200)}`);
    if (out.length >= 5) return out;
  }
  for (const h of b.keys()) if (!a.has(h)) out.push(`${h.slice(0, 12)} missing on the left`);
  return out.slice(0, 5);
}
