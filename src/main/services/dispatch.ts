/**
 * The one place where a transport's raw payload meets a service: look the channel up in the
 * contract, validate the request strictly (unknown keys rejected, the bad field named), call the
 * service, and turn any error into the wire format. IPC and the HTTP host both call this.
 */
import { channels, type Channel, type Services, type WireError } from '../../shared/contract';
import { parseWith } from '../../core/config/validate';
import { checkDepth } from '../../core/config/json-text';
import { ConfigError, HpsError, NotFoundError } from '../../core/errors';

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

export async function dispatch(services: Services, channel: string, payload: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new NotFoundError('channel', channel);
  // Every transport passes through here: a payload nested too deeply for the recursive steps
  // after it (validation, hashing) is refused first.
  checkDepth(payload, channel);
  const req = parseWith(channels[channel].request, payload ?? {}, channel);
  const fn = services[channel] as (r: unknown) => Promise<unknown>;
  return fn(req);
}

export function toWireError(e: unknown): WireError {
  if (e instanceof ConfigError) return { code: e.code, message: e.message, path: e.path };
  if (e instanceof HpsError) return { code: e.code, message: e.message };
  const err = e as Error;
  return { code: 'INTERNAL', message: err?.message ?? String(e) };
}

export function httpStatusFor(e: WireError): number {
  switch (e.code) {
    case 'CONFIG_INVALID':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'MODEL_ERROR':
    case 'DATASET_ERROR':
    case 'STORE_ERROR':
      return 422;
    default:
      return 500;
  }
}
