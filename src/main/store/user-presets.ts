/**
 * The user_presets table: devices a user saved (from a fit of measured data, or a tuned device),
 * each with its complete definition (what configs copy in) and how it was made. A row that no
 * longer parses is reported with its id and skipped, never breaking the list.
 */
import { userDeviceSchema, type UserDevice } from '../../core/config/schema';
import { ConfigError, NotFoundError, StoreError } from '../../core/errors';
import type { Store } from './store';

/** How a user preset was made: a fit (file, points, fit error) or a device spec it was copied from. */
export type UserPresetSource =
  | { kind: 'fit'; file?: string; points: { ltp: number; ltd: number }; rmse: number; nrmse: number }
  | { kind: 'device'; spec: unknown };

export interface UserPresetRow {
  id: string;
  definition: UserDevice;
  source: UserPresetSource;
  createdAt: string;
  updatedAt: string;
}

function fromRow(r: Record<string, string>): UserPresetRow {
  let definition: UserDevice;
  let source: UserPresetSource;
  try {
    definition = userDeviceSchema.parse(JSON.parse(r.definition!));
    source = JSON.parse(r.source!) as UserPresetSource;
  } catch (e) {
    throw new StoreError(`user preset '${r.id}': stored definition cannot be read (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  return { id: r.id!, definition, source, createdAt: r.created_at!, updatedAt: r.updated_at! };
}

export function listUserPresets(store: Store, onBadRow?: (id: string, problem: string) => void): UserPresetRow[] {
  const rows = store.db.prepare('SELECT * FROM user_presets ORDER BY id').all() as Record<string, string>[];
  const out: UserPresetRow[] = [];
  for (const r of rows) {
    try {
      out.push(fromRow(r));
    } catch (e) {
      onBadRow?.(r.id!, (e as Error).message);
    }
  }
  return out;
}

export function findUserPreset(store: Store, id: string): UserPresetRow | undefined {
  const r = store.db.prepare('SELECT * FROM user_presets WHERE id = ?').get(id) as Record<string, string> | undefined;
  return r ? fromRow(r) : undefined;
}

/** Insert or (when `replace`) overwrite a user preset; refuses to overwrite silently. */
export function putUserPreset(store: Store, definition: UserDevice, source: UserPresetSource, replace: boolean): UserPresetRow {
  const now = new Date().toISOString();
  const existing = store.db.prepare('SELECT created_at FROM user_presets WHERE id = ?').get(definition.id) as { created_at: string } | undefined;
  if (existing && !replace)
    throw new ConfigError(`id: user preset '${definition.id}' already exists; choose another name or replace it (--replace; replace: true in a request)`, { issues: [{ path: 'id', message: 'already exists', value: definition.id }] });
  store.db
    .prepare(
      `INSERT INTO user_presets (id, definition, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, source = excluded.source, updated_at = excluded.updated_at`,
    )
    .run(definition.id, JSON.stringify(definition), JSON.stringify(source), existing?.created_at ?? now, now);
  return findUserPreset(store, definition.id)!;
}

export function deleteUserPreset(store: Store, id: string): void {
  const r = store.db.prepare('DELETE FROM user_presets WHERE id = ?').run(id);
  if (r.changes === 0) throw new NotFoundError('user preset', id);
}
