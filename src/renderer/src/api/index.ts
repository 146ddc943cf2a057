/**
 * The renderer's only door to the services: `api.<domain>.<verb>(req)`.
 * In Electron the preload exposes it as window.api (IPC); in a browser it is built here over the
 * browser host's HTTP + WebSocket transport. Only Pinia stores import this module.
 */
import { channelNames, type Api, type Channel, type EventName, type EventPayload, type WireError } from '../../../shared/contract';

declare global {
  interface Window {
    api?: Api;
  }
}

/** An error from the main process, carrying its code and the offending field path. */
export class ApiError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  constructor(e: WireError) {
    super(e.message);
    this.name = 'ApiError';
    this.code = e.code;
    this.path = e.path;
  }
}

/**
 * The browser host authenticates this page by an HttpOnly cookie that its first load set from the
 * printed URL's token (the token itself is never visible to scripts). A bundle to import is sent
 * as a binary upload, which the host streams to disk instead of taking it as a JSON string.
 */
function requestBody(channel: Channel, req: unknown): { body: BodyInit; type: string } {
  const r = (req ?? {}) as Record<string, unknown>;
  if (channel === 'reports:import' && typeof r.base64 === 'string' && Object.keys(r).length === 1) {
    const bin = atob(r.base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return { body: bytes, type: 'application/octet-stream' };
  }
  return { body: JSON.stringify(req ?? {}), type: 'application/json' };
}

type Handler = (payload: unknown) => void;

function createHttpApi(): Api {
  const handlers = new Map<string, Set<Handler>>();
  let socket: WebSocket | undefined;
  let retry = 0;

  const connect = (): void => {
    const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${proto}://${window.location.host}/events`);
    socket.onmessage = (m: MessageEvent<string>) => {
      const msg = JSON.parse(m.data) as { event: string; payload: unknown };
      handlers.get(msg.event)?.forEach((h) => h(msg.payload));
    };
    socket.onopen = () => {
      retry = 0;
    };
    socket.onclose = () => {
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 250 * 2 ** retry);
    };
  };

  const call = async (channel: Channel, req: unknown): Promise<unknown> => {
    const { body: sent, type } = requestBody(channel, req);
    const r = await fetch(`/api/${channel}`, { method: 'POST', headers: { 'content-type': type }, body: sent, credentials: 'same-origin' });
    const body = (await r.json()) as { ok: true; result: unknown } | { ok: false; error: WireError };
    if (!body.ok) throw new ApiError(body.error);
    return body.result;
  };

  const api: Record<string, unknown> = {
    on(event: EventName, handler: Handler) {
      if (!socket) connect();
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler);
      return () => set.delete(handler);
    },
  };
  for (const ch of channelNames) {
    const [domain, verb] = ch.split(':') as [string, string];
    const d = (api[domain] ??= {}) as Record<string, unknown>;
    d[verb] = (req: unknown) => call(ch, req);
  }
  return api as unknown as Api;
}

export const api: Api = window.api ?? createHttpApi();
export type { EventPayload };
