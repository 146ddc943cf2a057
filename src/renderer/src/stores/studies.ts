/**
 * Studies: the browser list (search, tag, status), the open study with its points, the wizard
 * draft, templates, the cost catalog (metric labels and units), Pareto fronts and report export.
 */
import { defineStore } from 'pinia';
import { api } from '../api';
import type { ExportResult, ParetoView, PointView, StudyDetail, StudySummary, StudyWarningView, TemplateView } from '../../../shared/contract';
import { guard, guardQuiet, useErrorsStore } from './errors';

const POINTS_PAGE = 10_000;
import { draftFromSpec, isRecord, newDraft, specOf, type StudyDefaults, type StudyDraft } from '../studyDraft';

export type CatalogEntry = { label: string; unit: string; direction: 'min' | 'max' };

export interface ValidationResult {
  ok: boolean;
  error?: string;
  path?: string;
  plannedPoints: number;
  /** Sanity warnings (the study runs, but some points are wasted or misleading). */
  warnings?: StudyWarningView[];
}

export const useStudiesStore = defineStore('studies', {
  state: () => ({
    list: [] as StudySummary[],
    listLoading: false,
    listLoaded: false,
    listError: null as string | null,
    filters: { search: '', tag: '', status: '' },

    current: null as StudyDetail | null,
    currentLoading: false,
    currentError: null as string | null,
    points: [] as PointView[],
    pointsLoading: false,

    templates: [] as TemplateView[],
    catalog: {} as Record<string, CatalogEntry>,
    catalogLoaded: false,

    /** The server's defaults for a new study (studies:defaults): iso paths and run config. */
    defaults: null as StudyDefaults | null,
    defaultsLoading: false,
    defaultsError: null as string | null,
    draft: newDraft() as StudyDraft,
    /** The draft's iso set still waits for the server's defaults (filled in when they arrive). */
    draftIsoPending: true,
    validation: null as ValidationResult | null,
    validating: false,
    /** Fields of the draft whose text does not validate (id -> message). */
    invalid: {} as Record<string, string>,
    creating: false,

    pareto: null as ParetoView | null,
    paretoLoading: false,
    paretoError: null as string | null,

    exporting: '' as string,
  }),
  getters: {
    allTags: (s): string[] => [...new Set(s.list.flatMap((x) => x.tags))].sort(),
    allStatuses: (s): string[] => [...new Set(s.list.map((x) => x.status))].sort(),
    metricKeys: (s): string[] => Object.keys(s.catalog),
    /** Display unit of a metric: the catalog's, except accuracies (unit '1') show as percent. */
    unitOf: (s) => (metric: string): string => {
      const u = s.catalog[metric]?.unit ?? '';
      return /accuracy/i.test(metric) && (u === '1' || u === '') ? 'fraction' : u;
    },
  },
  actions: {
    async loadList(): Promise<void> {
      this.listLoading = true;
      this.listError = null;
      try {
        const req: { search?: string; tag?: string; status?: string } = {};
        if (this.filters.search.trim()) req.search = this.filters.search.trim();
        if (this.filters.tag) req.tag = this.filters.tag;
        if (this.filters.status) req.status = this.filters.status;
        this.list = await guard('Loading studies', () => api.studies.list(req));
        this.listLoaded = true;
      } catch (e) {
        this.listError = (e as Error).message;
      } finally {
        this.listLoading = false;
      }
    },
    async open(id: string): Promise<void> {
      if (this.current?.id !== id) {
        this.current = null;
        this.points = [];
        this.pareto = null;
      }
      this.currentLoading = true;
      this.currentError = null;
      try {
        this.current = await guard('Opening study', () => api.studies.get({ id }));
        await this.loadPoints(id);
      } catch (e) {
        this.currentError = (e as Error).message;
      } finally {
        this.currentLoading = false;
      }
    },
    async refreshCurrent(): Promise<void> {
      if (!this.current) return;
      const id = this.current.id;
      const d = await guardQuiet('Refreshing study', () => api.studies.get({ id }));
      if (d && this.current?.id === id) this.current = d;
      await this.loadPoints(id);
    },
    async loadPoints(id: string): Promise<void> {
      this.pointsLoading = true;
      try {
        // The service answers in pages (each request stays short for the host); read them all.
        let pts: PointView[] = [];
        for (;;) {
          const page = await guard('Loading points', () => api.studies.points({ id, offset: pts.length, limit: POINTS_PAGE }));
          pts = pts.concat(page);
          if (page.length < POINTS_PAGE) break;
        }
        if (this.current?.id === id) this.points = pts;
      } finally {
        this.pointsLoading = false;
      }
    },
    async duplicate(id: string, name?: string): Promise<StudyDetail> {
      const d = await guard('Duplicating study', () => api.studies.duplicate(name ? { id, name } : { id }));
      useErrorsStore().notify(`Duplicated as “${d.name}”`);
      await this.loadList();
      return d;
    },
    async remove(id: string): Promise<void> {
      await guard('Deleting study', () => api.studies.delete({ id }));
      if (this.current?.id === id) this.current = null;
      useErrorsStore().notify('Study deleted');
      await this.loadList();
    },
    async updateMeta(id: string, patch: { name?: string; description?: string; tags?: string[] }): Promise<void> {
      const d = await guard('Saving study', () => api.studies.update({ id, ...patch }));
      if (this.current?.id === id) this.current = d;
    },
    async loadTemplates(): Promise<void> {
      const t = await guardQuiet('Loading templates', () => api.studies.templates({}));
      if (t) this.templates = t;
    },
    async loadCatalog(): Promise<void> {
      if (this.catalogLoaded) return;
      const c = await guardQuiet('Loading the cost catalog', () => api.cost.catalog({}));
      if (c) {
        this.catalog = c;
        this.catalogLoaded = true;
      }
    },
    /** Load the server's defaults once; a draft still waiting for its iso set gets it. */
    async loadDefaults(): Promise<void> {
      if (this.defaults || this.defaultsLoading) return;
      this.defaultsLoading = true;
      this.defaultsError = null;
      try {
        const d = await guard('Loading study defaults', () => api.studies.defaults({}));
        this.defaults = { iso: [...d.iso], config: d.config };
        if (this.draftIsoPending) this.draft.iso = [...d.iso];
        this.draftIsoPending = false;
      } catch (e) {
        this.defaultsError = (e as Error).message;
      } finally {
        this.defaultsLoading = false;
      }
    },
    resetDraft(templateId?: string): void {
      const t = templateId ? this.templates.find((x) => x.id === templateId) : undefined;
      this.draft = t ? draftFromSpec(t.spec, this.defaults) : newDraft(this.defaults);
      this.draftIsoPending = !this.defaults && !(t && isRecord(t.spec) && Array.isArray(t.spec.iso));
      this.validation = null;
    },
    async validateDraft(): Promise<ValidationResult | null> {
      this.validating = true;
      try {
        const r = await guard('Validating study', () => api.studies.validate({ spec: specOf(this.draft) }));
        this.validation = r;
        return r;
      } catch (e) {
        this.validation = { ok: false, error: (e as Error).message, plannedPoints: 0 };
        return null;
      } finally {
        this.validating = false;
      }
    },
    async createFromDraft(start = true): Promise<StudyDetail> {
      this.creating = true;
      try {
        const d = await guard('Creating study', () => api.studies.create({ spec: specOf(this.draft), start }));
        this.current = d;
        this.points = [];
        useErrorsStore().notify(`Study “${d.name}” created${start ? ' and started' : ''}`);
        return d;
      } finally {
        this.creating = false;
      }
    },
    async computePareto(studyId: string, objectives?: { metric: string; direction: 'min' | 'max' }[], role: 'hps' | 'baseline' | 'all' = 'all'): Promise<void> {
      this.paretoLoading = true;
      this.paretoError = null;
      try {
        const req: { studyId: string; role: 'hps' | 'baseline' | 'all'; objectives?: { metric: string; direction: 'min' | 'max' }[] } = { studyId, role };
        if (objectives && objectives.length >= 2) req.objectives = objectives;
        this.pareto = await guard('Computing the Pareto front', () => api.pareto.compute(req));
      } catch (e) {
        this.paretoError = (e as Error).message;
      } finally {
        this.paretoLoading = false;
      }
    },
    /** Export a report; returns the result (browser: base64 to download; Electron: saved path). */
    async exportReport(studyId: string, format: 'pdf' | 'csv' | 'csv-wide' | 'csv-diagnostics' | 'json'): Promise<ExportResult | null> {
      this.exporting = format;
      try {
        const r = await guard(`Exporting ${format === 'csv-diagnostics' ? 'the diagnostics CSV' : format.toUpperCase()}`, () => api.reports.export({ studyId, format }));
        if (r.path) useErrorsStore().notify(`Saved ${r.filename} to ${r.path}`);
        return r;
      } catch {
        return null;
      } finally {
        this.exporting = '';
      }
    },
    async importReport(base64: string): Promise<StudyDetail | null> {
      const d = await guardQuiet('Importing study', () => api.reports.import({ base64 }));
      if (d) {
        useErrorsStore().notify(`Imported “${d.name}”`);
        await this.loadList();
      }
      return d ?? null;
    },
    async chooseFolder(title: string): Promise<{ path: string | null; supported: boolean }> {
      return guard('Choosing a folder', () => api.dialogs.openFolder({ title }));
    },
  },
});
