/**
 * Devices: presets with citations, pulse-response curves (devices:curve) cached per device spec,
 * device simulations (devices:simulate), and measured-CSV fits (devices:fit) kept as user devices
 * for this session. Fit and simulation errors belong to the panel that asked (returned, not put in
 * the app-wide banner), so a failed fit in one place is not shown on every page after a good one.
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import type { CurveView, FitView, PresetView, SimulationView, UserPresetView } from '../../../shared/contract';
import type { DeviceSpec } from '../../../core/config/schema';
import { guard, guardQuiet } from './errors';

export interface UserDevice {
  name: string;
  fit: FitView;
  /** The measured CSV as read, kept so the device can be saved as a user preset. */
  csv: string;
  file: string;
}

export const useDevicesStore = defineStore('devices', {
  state: () => ({
    presets: [] as PresetView[],
    loading: false,
    loaded: false,
    error: null as string | null,
    curves: {} as Record<string, CurveView>,
    curveErrors: {} as Record<string, string>,
    userDevices: [] as UserDevice[],
  }),
  getters: {
    byId: (s) => (id: string): PresetView | undefined => s.presets.find((p) => p.id === id),
  },
  actions: {
    async load(): Promise<void> {
      if (this.loaded || this.loading) return;
      this.loading = true;
      this.error = null;
      try {
        this.presets = await guard('Loading device presets', () => api.devices.presets({}));
        this.loaded = true;
      } catch (e) {
        this.error = (e as Error).message;
      } finally {
        this.loading = false;
      }
    },
    keyOf(device: DeviceSpec): string {
      return JSON.stringify(device);
    },
    async curve(device: DeviceSpec): Promise<CurveView | undefined> {
      const key = this.keyOf(device);
      if (this.curves[key]) return this.curves[key];
      try {
        const c = await api.devices.curve({ device });
        this.curves[key] = c;
        delete this.curveErrors[key];
        return c;
      } catch (e) {
        // Shown next to the chart (a half-typed override is expected while editing), not as a toast.
        this.curveErrors[key] = (e as Error).message;
        return undefined;
      }
    },
    /** Fit a measured CSV; the error, if any, is returned for the panel that asked. */
    async fit(csv: string, name: string, file = `${name}.csv`): Promise<{ device?: UserDevice; error?: string }> {
      try {
        const fit = await api.devices.fit({ csv, name });
        const u: UserDevice = { name, fit, csv, file };
        this.userDevices = [...this.userDevices.filter((d) => d.name !== name), u];
        return { device: u };
      } catch (e) {
        return { error: (e as Error).message };
      }
    },
    async simulate(device: DeviceSpec, seed: number): Promise<{ sim: SimulationView | null; error: string | null }> {
      try {
        return { sim: await api.devices.simulate({ device, seed }), error: null };
      } catch (e) {
        return { sim: null, error: (e as Error).message };
      }
    },
    /**
     * Save a measured device as a user preset (fitted again by main from its CSV), then reload the
     * presets so every device picker and the sweep step offer it. Errors (an id in use, a bad id)
     * are returned for the form that asked.
     */
    async savePreset(u: UserDevice, id: string, title: string, replace = false): Promise<{ preset?: UserPresetView; error?: string }> {
      try {
        const preset = await api.devices.savePreset({ id, csv: u.csv, file: u.file, replace, ...(title.trim() ? { title: title.trim() } : {}) });
        await this.reload();
        return { preset };
      } catch (e) {
        return { error: (e as Error).message };
      }
    },
    async deletePreset(id: string): Promise<void> {
      await guard('Deleting user preset', () => api.devices.deletePreset({ id }));
      await this.reload();
    },
    async reload(): Promise<void> {
      this.loaded = false;
      this.curves = {};
      await this.load();
    },
    async ensure(): Promise<void> {
      await guardQuiet('Loading device presets', () => this.load());
    },
  },
});
