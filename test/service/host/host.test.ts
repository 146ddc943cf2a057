/**
 * The browser host under hostile input: malformed paths, oversized and deeply nested bodies,
 * cross-origin requests and WebSockets, the token cookie, and file paths confined to the data
 * folder's exports/ folder. The first test runs a real `hps serve` process: it must survive every
 * request that used to kill it.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHost } from '../../../src/main/host/server';
import { requireBuild, spawnCli, tempDir } from '../helpers';
import { api, hostFixture, http, rawRequest } from './http';

const tinyStudy = {
  name: 'host test',
  base: { workload: { network: 'mlp-400-100-10' } },
  knobs: [{ path: 'synapse.transfer.everyImages', type: 'integer', values: [1000, 8000] }],
  objectives: [
    { metric: 'energyPerEpoch', direction: 'min' },
    { metric: 'latencyPerEpoch', direction: 'min' },
  ],
};

const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);

describe('hps serve survives the requests that used to kill it', () => {
  it('malformed URIs, an oversized body and deep nesting get 4xx; the process keeps answering', async () => {
    requireBuild();
    const tmp = tempDir();
    const child = spawnCli(['serve', '--port', '0', '--data-dir', tmp.dir, '--workers', '1']);
    // Which step is running, so a stuck step names itself instead of running into the test timeout.
    let step = 'start';
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
    }, 240_000);
    try {
      let out = '';
      const url = await new Promise<string>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no URL printed: ${out}`)), 120_000);
        child.once('exit', (code) => rej(new Error(`hps serve exited with ${code}: ${out}`)));
        const on = (d: Buffer): void => {
          out += d.toString();
          const m = /serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
          if (m) {
            clearTimeout(t);
            res(m[1]!);
          }
        };
        child.stdout!.on('data', on);
        child.stderr!.on('data', on);
      });
      const u = new URL(url);
      const port = Number(u.port);
      const token = u.searchParams.get('token')!;
      step = 'GET /%';
      expect((await http(port, { path: '/%' })).status).toBe(400);
      step = 'GET /%E0%A4%A';
      expect((await http(port, { path: '/%E0%A4%A' })).status).toBe(400);
      step = 'POST /api/%E0';
      expect((await api(port, token, '%E0', {})).status).toBe(400);
      step = 'NUL in the path';
      expect(await rawRequest(port, `GET /\u0000 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d/);
      step = 'deep JSON';
      expect((await api(port, token, 'studies:validate', `{"spec":${nested(100_000)}}`)).status).toBe(400);
      step = '9 MB body';
      const big = await api(port, token, 'studies:validate', Buffer.alloc(9 * 1024 * 1024, 0x20).toString());
      expect(big.status).toBe(413);
      step = 'app:info';
      const info = await api(port, token, 'app:info', {});
      expect(info.status).toBe(200);
      expect(child.exitCode).toBeNull();
      step = 'stop';
    } catch (e) {
      throw new Error(`at step '${step}': ${(e as Error).message}`);
    } finally {
      clearTimeout(deadline);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(late);
      }
      tmp.cleanup();
    }
  });
});

describe('browser host exposure', () => {
  const f = hostFixture();

  it('answers a body over the limit with 413 from Content-Length and while streaming, without buffering it', async () => {
    const declared = await http(f.host.port, { method: 'POST', path: '/api/app:info', headers: { 'x-hps-token': f.host.token, 'content-type': 'application/json', 'content-length': 64 * 1024 * 1024 }, body: '' });
    expect(declared.status).toBe(413);
    const streamed = await http(f.host.port, { method: 'POST', path: '/api/app:info', headers: { 'x-hps-token': f.host.token, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: Buffer.alloc(20 * 1024 * 1024, 0x20) });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error.code).toBe('TOO_LARGE');
    expect((await api(f.host.port, f.host.token, 'app:info', {})).status).toBe(200);
  });

  it('refuses JSON nested deeper than 64 levels with 400 naming the body, and nothing is written', async () => {
    const r = await api(f.host.port, f.host.token, 'studies:create', `{"spec":{"name":"x","tags":${nested(70)}}}`);
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/request body: JSON nested deeper than 64 levels/);
    expect(f.app.store.listStudies()).toHaveLength(0);
  });

  it('moves the token from the address bar into an HttpOnly SameSite=Strict cookie, which then authenticates', async () => {
    const first = await http(f.host.port, { path: `/?token=${f.host.token}&x=1`, headers: { host: `127.0.0.1:${f.host.port}` } });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/?x=1');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^hps-token-${f.host.port}=${f.host.token}; Path=/; HttpOnly; SameSite=Strict`));
    const wrong = await http(f.host.port, { path: '/?token=nope' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const jar = cookie.split(';')[0]!;
    const viaCookie = await http(f.host.port, { method: 'POST', path: '/api/app:info', body: '{}', headers: { cookie: jar, 'content-type': 'application/json' } });
    expect(viaCookie.status).toBe(200);
    const page = await http(f.host.port, { path: '/' });
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${f.host.port} ws://localhost:${f.host.port}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses cross-origin API calls and WebSockets even with the cookie; accepts its own origin', async () => {
    const cookie = `hps-token-${f.host.port}=${f.host.token}`;
    const evil = await http(f.host.port, { method: 'POST', path: '/api/app:info', body: '{}', headers: { cookie, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' } });
    expect(evil.status).toBe(403);
    const open = (origin: string): Promise<string> =>
      new Promise((res) => {
        const ws = new WebSocket(`ws://127.0.0.1:${f.host.port}/events`, { headers: { cookie }, origin });
        ws.on('open', () => {
          ws.close();
          res('open');
        });
        ws.on('unexpected-response', (_req, r) => res(String(r.statusCode)));
        ws.on('error', () => res('error'));
      });
    expect(await open('http://evil.example')).toBe('403');
    expect(await open(`http://localhost:${f.host.port + 1}`)).toBe('403');
    expect(await open(`http://127.0.0.1:${f.host.port}`)).toBe('open');
  });

  it('reports:export writes only plain names into exports/, never over an existing file; nothing else is written', async () => {
    const s = await api(f.host.port, f.host.token, 'studies:create', { spec: tinyStudy });
    const id = (s.json.result as { id: string }).id;
    for (const bad of ['../escape.csv', '/tmp/abs.csv', 'sub/dir.csv', '.hidden', '..']) {
      const r = await api(f.host.port, f.host.token, 'reports:export', { studyId: id, format: 'csv', path: bad });
      expect(r.status, bad).toBe(400);
      expect(r.json.error?.path).toBe('reports:export.path');
    }
    expect(existsSync(join(f.dir, '..', 'escape.csv'))).toBe(false);
    const ok = await api(f.host.port, f.host.token, 'reports:export', { studyId: id, format: 'csv', path: 'points.csv' });
    expect(ok.status).toBe(200);
    const file = join(f.dir, 'exports', 'points.csv');
    expect((ok.json.result as { path: string }).path).toBe(file);
    writeFileSync(file, 'mine');
    const again = await api(f.host.port, f.host.token, 'reports:export', { studyId: id, format: 'csv', path: 'points.csv' });
    expect(again.status).toBe(400);
    expect(again.json.error?.message).toMatch(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(readdirSync(join(f.dir, 'exports'))).toEqual(['points.csv']);
  });

  it('reports:import reads only names in exports/, and an error never quotes the file', async () => {
    const abs = await api(f.host.port, f.host.token, 'reports:import', { path: '/etc/passwd' });
    expect(abs.status).toBe(400);
    expect(abs.json.error?.path).toBe('reports:import.path');
    mkdirSync(join(f.dir, 'exports'), { recursive: true });
    writeFileSync(join(f.dir, 'exports', 'secret.json'), 'root:x:0:0:root:/root:/bin/bash\n');
    const r = await api(f.host.port, f.host.token, 'reports:import', { path: 'secret.json' });
    expect(r.status).toBe(400);
    expect(r.body).not.toMatch(/root:x/);
    const missing = await api(f.host.port, f.host.token, 'reports:import', { path: 'nope.json' });
    expect(missing.status).toBe(400);
    expect(missing.json.error?.message).toMatch(/nope\.json: no such file/);
  });

  it('imports a bundle streamed as application/octet-stream and removes the upload', async () => {
    const s = await api(f.host.port, f.host.token, 'studies:create', { spec: { ...tinyStudy, name: 'to bundle' } });
    const id = (s.json.result as { id: string }).id;
    const exp = await api(f.host.port, f.host.token, 'reports:export', { studyId: id, format: 'json' });
    const bytes = Buffer.from((exp.json.result as { base64: string }).base64, 'base64');
    const r = await http(f.host.port, { method: 'POST', path: '/api/reports:import', body: bytes, headers: { 'x-hps-token': f.host.token, 'content-type': 'application/octet-stream' } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).result.name).toBe('to bundle');
    expect(readdirSync(join(f.dir, 'uploads'))).toEqual([]);
    const wrongChannel = await http(f.host.port, { method: 'POST', path: '/api/studies:create', body: bytes, headers: { 'x-hps-token': f.host.token, 'content-type': 'application/octet-stream' } });
    expect(wrongChannel.status).toBe(415);
  });

  it('refuses a port outside 0..65535 naming the field, and a port in use by name', async () => {
    await expect(startHost({ getServices: () => f.app.services, rendererDir: f.dir, port: 99999, guardProcess: false })).rejects.toThrow(/port: expected an integer from 0 to 65535/);
    await expect(startHost({ getServices: () => f.app.services, rendererDir: f.dir, port: f.host.port, guardProcess: false })).rejects.toThrow(new RegExp(`port ${f.host.port} on 127.0.0.1 is already in use`));
  });
});
