/**
 * Errors and notices shown in the banner / toast region. Every store routes a failed API call
 * here (`guard`), so no error from the main process is swallowed: the message and, for ApiError,
 * the offending field path and code stay visible until dismissed.
 */
import { defineStore } from 'pinia';
import { ApiError } from '../api';

export interface AppMessage {
  id: number;
  kind: 'error' | 'info';
  message: string;
  path?: string;
  code?: string;
  context?: string;
}

let nextId = 1;
/** Errors already shown (guard reports and rethrows; the global handler must not show them twice). */
const reported = new WeakSet<object>();

export const useErrorsStore = defineStore('errors', {
  state: () => ({
    items: [] as AppMessage[],
    /** Last message, mirrored into the aria-live region. */
    announcement: '',
  }),
  getters: {
    errors: (s) => s.items.filter((m) => m.kind === 'error'),
  },
  actions: {
    push(err: unknown, context?: string): AppMessage | null {
      if (typeof err === 'object' && err !== null) {
        if (reported.has(err)) return null;
        reported.add(err);
      }
      const m: AppMessage = { id: nextId++, kind: 'error', message: messageOf(err), context };
      if (err instanceof ApiError) {
        m.code = err.code;
        if (err.path) m.path = err.path;
      }
      this.items.push(m);
      if (this.items.length > 8) this.items.splice(0, this.items.length - 8);
      this.announcement = `${context ? `${context}: ` : ''}${m.message}${m.path ? ` (at ${m.path})` : ''}`;
      return m;
    },
    notify(message: string): void {
      const m: AppMessage = { id: nextId++, kind: 'info', message };
      this.items.push(m);
      this.announcement = message;
      setTimeout(() => this.dismiss(m.id), 6000);
    },
    dismiss(id: number): void {
      this.items = this.items.filter((m) => m.id !== id);
    },
    clear(): void {
      this.items = [];
    },
  },
});

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/**
 * Run an API call; on failure report it to the errors store (with its context) and rethrow, so
 * callers can keep their own error state too. Use `guardQuiet` to get `undefined` instead.
 */
export async function guard<T>(context: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    useErrorsStore().push(e, context);
    throw e;
  }
}

export async function guardQuiet<T>(context: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    useErrorsStore().push(e, context);
    return undefined;
  }
}
