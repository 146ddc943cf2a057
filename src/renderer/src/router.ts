/** A tiny hash router: #/studies, #/new, #/study/<id>[/compare|/plots|/pareto|/cluster], #/devices, #/settings. */
import { reactive } from 'vue';

export const STUDY_TABS = ['overview', 'compare', 'plots', 'pareto', 'cluster'] as const;
export type StudyTab = (typeof STUDY_TABS)[number];

export interface Route {
  name: 'studies' | 'new' | 'study' | 'devices' | 'settings';
  id?: string;
  tab?: StudyTab;
  query: Record<string, string>;
}

function parse(hash: string): Route {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#\/?/, '').split('?');
  const segs = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const query = Object.fromEntries(new URLSearchParams(queryPart));
  if (segs[0] === 'new') return { name: 'new', query };
  if (segs[0] === 'devices') return { name: 'devices', query };
  if (segs[0] === 'settings') return { name: 'settings', query };
  if (segs[0] === 'study' && segs[1]) {
    const tab = STUDY_TABS.find((t) => t !== 'overview' && t === segs[2]) ?? 'overview';
    return { name: 'study', id: segs[1], tab, query };
  }
  return { name: 'studies', query };
}

export const route = reactive<Route>(parse(window.location.hash));
window.addEventListener('hashchange', () => Object.assign(route, { id: undefined, tab: undefined, query: {} }, parse(window.location.hash)));

export function href(path: string, query?: Record<string, string>): string {
  const q = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  return `#/${path}${q}`;
}
export function go(path: string, query?: Record<string, string>): void {
  window.location.hash = href(path, query);
}
