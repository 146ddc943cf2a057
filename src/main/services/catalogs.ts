/** The names configs and studies may refer to (checked by core/config/references.ts). */
import type { Catalogs } from '../../core/config/references';
import { DEVICE_PRESET_IDS } from '../../core/devices/presets';
import { costCatalog } from '../sweep/evaluate';

export function catalogs(): Catalogs {
  return { devicePresets: DEVICE_PRESET_IDS, metrics: Object.keys(costCatalog()) };
}
