/**
 * Floorplan (docs/cost.md#hierarchy), following DNN+NeuroSim's mapping: a layer's weight matrix is
 * Cin*K*K rows by Cout*cellsPerWeight columns (the cells of one weight side by side in a sub-array's
 * columns). Convolutions whose kernel size is the network's most common one are "novel-mapped": their K*K
 * kernel positions go to K*K processing elements (PEs) of a tile, each PE holding a Cin x Cout*cells
 * slice; every other layer is conventionally mapped onto square tiles of square PEs. PE and tile sizes are
 * powers of two chosen, from the largest layer down, for the best memory utilisation; small layers are
 * duplicated within PEs and tiles to speed them up.
 */

export interface FloorplanLayer {
  /** Input channels, kernel size, output channels of the layer. */
  readonly inC: number;
  readonly k: number;
  readonly outC: number;
}

export interface LayerPlacement {
  /** Novel (kernel-split) mapping. */
  readonly novel: boolean;
  /** Tiles along the weight rows and columns. */
  readonly tileRows: number;
  readonly tileCols: number;
  /** Copies of the layer working in parallel (PE duplication x sub-array duplication), rows x cols. */
  readonly dupRows: number;
  readonly dupCols: number;
  /**
   * Copies programmed one after the other in a weight update: NeuroSim writes the PEs of a fully
   * duplicated conventional tile in turn (Tile.cpp multiplies their write latency by the PEs), while
   * sub-array copies inside a PE, partial duplication and novel-mapped copies are written together.
   */
  readonly writeTurns: number;
  /** Sub-arrays this layer's tiles contain. */
  readonly subArrays: number;
}

export interface Floorplan {
  readonly layers: readonly LayerPlacement[];
  /** Novel-mapping PE side (cells) and PEs per novel tile (the common K*K). */
  readonly peNovel: number;
  readonly pesPerNovelTile: number;
  /** Conventional tile and PE sides (cells). */
  readonly tileConv: number;
  readonly peConv: number;
  readonly tilesNovel: number;
  readonly tilesConv: number;
  /** Sub-arrays on the chip, and memory utilisation (mean over tiles of mapped / available cells, as NeuroSim prints it). */
  readonly subArrays: number;
  readonly utilization: number;
}

const pow2Ceil = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

const plans = new WeakMap<readonly FloorplanLayer[], Map<string, Floorplan>>();

/** The floorplan of a network (memoised per layer list and mapping options: sweeps reuse it). */
export function floorplan(layers: readonly FloorplanLayer[], cellsPerWeight: number, subRows: number, subCols: number, novelMapping: boolean): Floorplan {
  let m = plans.get(layers);
  if (!m) {
    m = new Map();
    plans.set(layers, m);
  }
  const key = `${cellsPerWeight}|${subRows}|${subCols}|${novelMapping}`;
  let plan = m.get(key);
  if (!plan) {
    plan = planFloor(layers, cellsPerWeight, subRows, subCols, novelMapping);
    m.set(key, plan);
  }
  return plan;
}

function planFloor(layers: readonly FloorplanLayer[], cellsPerWeight: number, subRows: number, subCols: number, novelMapping: boolean): Floorplan {
  const sub = Math.max(subRows, subCols);
  const rowsOf = (l: FloorplanLayer) => l.inC * l.k * l.k;
  const colsOf = (l: FloorplanLayer) => l.outC * cellsPerWeight;
  // The most common kernel area is the number of PEs of a novel-mapped tile.
  let most = 0;
  let pesNovel = 0;
  for (const a of layers) {
    const count = 1 + layers.filter((b) => b.k * b.k === a.k * a.k).length;
    if (count > most) {
      most = count;
      pesNovel = a.k * a.k;
    }
  }
  const novel = layers.map((l) => novelMapping && l.k > 1 && l.k * l.k === pesNovel && rowsOf(l) >= subRows);
  let maxPeNovel = 0;
  let maxTileConv = 0;
  layers.forEach((l, i) => {
    if (novel[i]) maxPeNovel = Math.max(maxPeNovel, pow2Ceil(colsOf(l)));
    else maxTileConv = Math.max(maxTileConv, pow2Ceil(colsOf(l)));
  });
  const designNovel = (pe: number) => {
    let tiles = 0;
    let cells = 0;
    layers.forEach((l, i) => {
      if (!novel[i]) return;
      tiles += Math.ceil(l.inC / pe) * Math.ceil(colsOf(l) / pe);
      cells += rowsOf(l) * colsOf(l);
    });
    return { tiles, util: tiles ? cells / (tiles * pe * pe * pesNovel) : 0 };
  };
  const designConv = (side: number) => {
    let tiles = 0;
    let cells = 0;
    layers.forEach((l, i) => {
      if (novel[i]) return;
      tiles += Math.ceil(rowsOf(l) / side) * Math.ceil(colsOf(l) / side);
      cells += rowsOf(l) * colsOf(l);
    });
    return { tiles, util: tiles ? cells / (tiles * side * side) : 0 };
  };
  const [peNovel, tilesNovel] = bestSize(Math.max(maxPeNovel, 2 * sub), 2 * sub, designNovel);
  const [tileConv, tilesConv] = bestSize(Math.max(maxTileConv, 4 * sub), 4 * sub, designConv);
  const peDup = (pe: number, l: FloorplanLayer) => {
    if (rowsOf(l) > tileConv && colsOf(l) > tileConv) return [1, 1] as const;
    const n = Math.ceil(tileConv / pe);
    return [Math.max(1, Math.floor(n / Math.ceil(rowsOf(l) / pe))), Math.max(1, Math.floor(n / Math.ceil(colsOf(l) / pe)))] as const;
  };
  let peConv = tileConv / 2;
  let bestPe = -1;
  for (let s = tileConv / 2; s > 2 * sub; s /= 2) {
    let cells = 0;
    layers.forEach((l, i) => {
      if (novel[i]) return;
      const [r, c] = peDup(s, l);
      cells += r * c * rowsOf(l) * colsOf(l);
    });
    const util = cells / (tilesConv * tileConv * tileConv);
    if (util > bestPe) [bestPe, peConv] = [util, s];
  }
  const subPerPeNovel = Math.ceil(peNovel / subRows) * Math.ceil(peNovel / subCols);
  const pesPerConvTile = Math.ceil(tileConv / peConv) ** 2;
  const subPerPeConv = Math.ceil(peConv / subRows) * Math.ceil(peConv / subCols);
  let mapped = 0;
  const placed = layers.map((l, i): LayerPlacement => {
    const nm = novel[i]!;
    const side = nm ? peNovel : peConv;
    const r = nm ? l.inC : rowsOf(l);
    const [pr, pc] = nm ? [1, 1] : peDup(peConv, l);
    let sr = 1;
    let sc = 1;
    if (r <= side || colsOf(l) <= side) {
      sr = Math.max(1, Math.floor(Math.ceil(side / subRows) / Math.ceil(r / subRows)));
      sc = Math.max(1, Math.floor(Math.ceil(side / subCols) / Math.ceil(colsOf(l) / subCols)));
    }
    const tileRows = nm ? Math.ceil(l.inC / peNovel) : Math.ceil(rowsOf(l) / tileConv);
    const tileCols = Math.ceil(colsOf(l) / (nm ? peNovel : tileConv));
    const subArrays = tileRows * tileCols * (nm ? pesNovel * subPerPeNovel : pesPerConvTile * subPerPeConv);
    mapped += (pr * pc * sr * sc * rowsOf(l) * colsOf(l)) / (nm ? peNovel * peNovel * pesNovel : tileConv * tileConv);
    const pesPerSide = Math.ceil(tileConv / peConv);
    const writeTurns = !nm && pr * sr >= pesPerSide && pc * sc >= pesPerSide ? pesPerSide * pesPerSide : 1;
    return { novel: nm, tileRows, tileCols, dupRows: pr * sr, dupCols: pc * sc, writeTurns, subArrays };
  });
  const subArrays = tilesNovel * pesNovel * subPerPeNovel + tilesConv * pesPerConvTile * subPerPeConv;
  return {
    layers: placed,
    peNovel,
    pesPerNovelTile: pesNovel,
    tileConv,
    peConv,
    tilesNovel,
    tilesConv,
    subArrays,
    utilization: Math.min(1, mapped / Math.max(1, tilesNovel + tilesConv)),
  };
}

/**
 * Best utilisation over power-of-two sizes from `start` down to just above `floor` (ties keep the
 * larger), as NeuroSim searches its PE and tile sizes: [size, tiles].
 */
function bestSize(start: number, floor: number, design: (size: number) => { tiles: number; util: number }): [number, number] {
  let size = start;
  let best = design(size);
  for (let s = start / 2; s > floor; s /= 2) {
    const d = design(s);
    if (d.util > best.util) [size, best] = [s, d];
  }
  return [size, best.tiles];
}
