/**
 * The contract at the boundary: strict request validation (unknown or mistyped fields rejected,
 * the field path named, nothing written), the browser host's token, Host check and events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openApp, type AppHandle } from '../../../src/main/app';
import { dispatch } from '../../../src/main/services/dispatch';
import { startHost, type Host } from '../../../src/main/host/server';
import { ConfigError } from '../../../src/core/errors';
import { ROOT, requireBuild, tempDir } from '../helpers';
import { join } from 'node:path';
import { request } from 'node:http';

const tinyStudy = {
  name: 'api test',
  base: { workload: { network: 'mlp-400-100-10' } },
  knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 8000] }],
  sampler: { kind: 'grid' },
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
  evaluation: 'cost',
};

function post(host: Host, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (r) => {
      let b = '';
      r.on('data', (d: Buffer) => (b += d.toString()));
      r.on('end', () => res({ status: r.statusCode ?? 0, body: b }));
    });
    req.on('error', rej);
    req.end(body);
  });
}

describe('API boundary', () => {
  const tmp = tempDir();
  let app: AppHandle;
  let host: Host;
  beforeAll(async () => {
    requireBuild();
    app = openApp({ dataDir: tmp.dir, transport: 'http', workers: 1 });
    host = await startHost({ getServices: () => app.services, rendererDir: join(ROOT, 'out', 'renderer') });
    app.setBroadcast((e, p) => host.broadcast(e, p));
  });
  afterAll(async () => {
    await host.close();
    await app.close();
    tmp.cleanup();
  });

  it('rejects an unknown request field, naming it, and writes nothing', async () => {
    await expect(dispatch(app.services, 'studies:create', { spec: tinyStudy, bogus: 1 })).rejects.toThrow(/studies:create\.bogus: unknown field/);
    expect(app.store.listStudies()).toHaveLength(0);
  });

  it('rejects a mistyped field with its path and value', async () => {
    const e = await dispatch(app.services, 'studies:list', { search: 42 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).path).toBe('studies:list.search');
    expect((e as ConfigError).message).toMatch(/got 42/);
  });

  it('rejects a bad study nested in a valid request, naming the nested field, and writes nothing', async () => {
    const bad = { ...tinyStudy, knobs: [{ path: 'synapse.significance', type: 'numeric', values: ['four'] }] };
    const e = await dispatch(app.services, 'studies:create', { spec: bad }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toMatch(/knobs\[0\]/);
    expect(app.store.listStudies()).toHaveLength(0);
    expect(app.store.listJobs()).toHaveLength(0);
  });

  it('HTTP: refuses a missing token and a foreign Host header; reports validation errors with the path', async () => {
    const noTok = await post(host, '/api/studies:list', '{}', {});
    expect(noTok.status).toBe(401);
    const foreign = await post(host, '/api/studies:list', '{}', { 'x-hps-token': host.token, host: `evil.example:${host.port}` });
    expect(foreign.status).toBe(403);
    const bad = await post(host, '/api/studies:get', JSON.stringify({ id: 'x', extra: true }), { 'x-hps-token': host.token });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.path).toBe('studies:get.extra');
    const ok = await post(host, '/api/app:info', '{}', { 'x-hps-token': host.token });
    expect(JSON.parse(ok.body).result.transport).toBe('http');
  });

  it('HTTP + WebSocket: a sweep started over the API streams progress and finishes with its points', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((r) => ws.once('open', r));
    const events: { event: string; payload: { status: string; fraction: number } }[] = [];
    ws.on('message', (d) => events.push(JSON.parse(String(d))));
    const created = await post(host, '/api/studies:create', JSON.stringify({ spec: tinyStudy, start: true }), { 'x-hps-token': host.token });
    expect(created.status).toBe(200);
    const id = JSON.parse(created.body).result.id as string;
    const end = Date.now() + 60_000;
    while (!events.some((e) => e.payload.status === 'done') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    ws.close();
    expect(events.some((e) => e.event === 'jobs:progress' && e.payload.status === 'done' && e.payload.fraction === 1)).toBe(true);
    // 2 HPS points + their baseline twins, which coincide (transfer interval does not apply to the baseline): 3 points.
    const pts = app.store.listPoints(id);
    expect(pts.filter((p) => p.role === 'hps')).toHaveLength(2);
    expect(pts.every((p) => p.status === 'done')).toBe(true);
  });
});
