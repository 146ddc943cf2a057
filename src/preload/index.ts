/**
 * The preload exposes exactly the typed API: window.api.<domain>.<verb>(req), one allow-listed IPC
 * channel per contract entry, and window.api.on(event, handler) for the contract's events.
 * No ipcRenderer, no generic invoke, nothing else crosses the bridge.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, events, type WireError } from '../shared/contract';

type Envelope = { ok: true; result: unknown } | { ok: false; error: WireError };

const api: Record<string, unknown> = {};
for (const channel of channelNames) {
  const [domain, verb] = channel.split(':') as [string, string];
  const d = (api[domain] ??= {}) as Record<string, unknown>;
  d[verb] = async (req: unknown) => {
    const env = (await ipcRenderer.invoke(channel, req ?? {})) as Envelope;
    if (env.ok) return env.result;
    const err = new Error(env.error.message) as Error & { code: string; path?: string };
    err.name = 'ApiError';
    err.code = env.error.code;
    if (env.error.path) err.path = env.error.path;
    throw err;
  };
}
const eventNames = new Set(Object.keys(events));
api.on = (event: string, handler: (payload: unknown) => void) => {
  if (!eventNames.has(event)) throw new Error(`unknown event '${event}'`);
  const listener = (_e: IpcRendererEvent, payload: unknown): void => handler(payload);
  ipcRenderer.on(`event:${event}`, listener);
  return () => ipcRenderer.removeListener(`event:${event}`, listener);
};

contextBridge.exposeInMainWorld('api', api);
