/**
 * Settings: main is the single writer. The renderer reads them once, asks main to change them
 * (settings:set) and applies whatever main broadcasts (settings:changed).
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import type { AppInfo, Settings } from '../../../shared/contract';
import { guard, guardQuiet } from './errors';

const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

export const useSettingsStore = defineStore('settings', {
  state: () => ({
    settings: null as Settings | null,
    info: null as AppInfo | null,
    systemDark: media?.matches ?? false,
    loading: false,
    saving: false,
    saveError: null as string | null,
    subscribed: false,
  }),
  getters: {
    theme: (s): 'light' | 'dark' => {
      const t = s.settings?.theme ?? 'system';
      if (t === 'system') return s.systemDark ? 'dark' : 'light';
      return t;
    },
  },
  actions: {
    async load(): Promise<void> {
      this.loading = true;
      try {
        const [settings, info] = await Promise.all([
          guardQuiet('Loading settings', () => api.settings.get({})),
          guardQuiet('Reading app info', () => api.app.info({})),
        ]);
        if (settings) this.settings = settings;
        if (info) this.info = info;
      } finally {
        this.loading = false;
      }
      if (!this.subscribed) {
        this.subscribed = true;
        api.on('settings:changed', (s) => {
          this.settings = s;
        });
        media?.addEventListener('change', (e) => {
          this.systemDark = e.matches;
        });
      }
    },
    async set(values: Partial<Settings>): Promise<void> {
      this.saving = true;
      this.saveError = null;
      try {
        const s = await guard('Saving settings', () => api.settings.set({ values }));
        this.settings = s;
      } catch (e) {
        this.saveError = (e as Error).message;
        throw e;
      } finally {
        this.saving = false;
      }
    },
    async toggleTheme(): Promise<void> {
      await this.set({ theme: this.theme === 'dark' ? 'light' : 'dark' });
    },
  },
});
