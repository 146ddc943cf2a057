/**
 * Which links the desktop app opens in the user's browser: only the sources it cites (each DOI of
 * the bibliography at https://doi.org/, and the bibliography's own URLs). Anything else a page
 * asks to open, through window.open or a link, is refused: a compromised or confused renderer
 * must not be able to start other programs through shell.openExternal.
 */
import { BIBLIOGRAPHY, type BibEntry } from '../../core/bib';

const entries: readonly BibEntry[] = Object.values(BIBLIOGRAPHY);

/** The exact URLs that may be opened. */
export const EXTERNAL_ALLOW_LIST: ReadonlySet<string> = new Set(
  entries.flatMap((e) => [...(e.doi ? [`https://doi.org/${e.doi}`] : []), ...(e.url ? [e.url] : [])]),
);

/** The URL normalised for comparison, or null when it is not an https URL without credentials. */
function normalise(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return null;
  // DOIs are case-insensitive; doi.org serves them under any case.
  const path = u.hostname === 'doi.org' ? decodeURIComponentSafe(u.pathname).toLowerCase() : u.pathname;
  return `https://${u.hostname}${path}${u.search}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const allowed = new Set([...EXTERNAL_ALLOW_LIST].map((u) => normalise(u)).filter((u): u is string => u !== null));

export function externalAllowed(url: string): boolean {
  const n = normalise(url);
  return n !== null && allowed.has(n);
}
