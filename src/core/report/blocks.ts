/**
 * The building blocks of a report section (headings, paragraphs, lists, fact rows, tables, charts),
 * shared by the report model and the section builders; the PDF writer lays them out.
 */
import type { ChartSpec } from './charts';

export interface TableColumn {
  readonly header: string;
  readonly align: 'left' | 'right';
  /** Relative width (default 1). */
  readonly weight?: number;
}

export interface Table {
  readonly title?: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly string[])[];
  readonly note?: string;
}

export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'facts'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'table'; readonly table: Table }
  | { readonly kind: 'chart'; readonly chart: ChartSpec };

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
  /** Start the section on a new page. */
  readonly newPage: boolean;
}

/** Remove columns (other than the first) whose cells are all '–' or empty. */
export function dropEmptyColumns(t: Table): Table {
  const keep = t.columns.map((_, i) => i === 0 || t.rows.some((r) => r[i] !== undefined && r[i] !== '–' && r[i] !== ''));
  if (keep.every(Boolean)) return t;
  return { ...t, columns: t.columns.filter((_, i) => keep[i]), rows: t.rows.map((r) => r.filter((_, i) => keep[i])) };
}
