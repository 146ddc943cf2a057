/**
 * The pure parts of the desktop shell (Electron itself cannot run here): the external-link
 * allow-list, the app:// path resolution, the IPC sender check, and the fuses the packager sets.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTERNAL_ALLOW_LIST, externalAllowed } from '../../../src/main/electron/external';
import { appFile, trustedUrl } from '../../../src/main/electron/app-protocol';
import { contentSecurityPolicy } from '../../../src/main/renderer-files';

const root = join(__dirname, '..', '..', '..');

describe('shell.openExternal allow-list', () => {
  it('holds every DOI of the bibliography, and opens exactly those', () => {
    expect(EXTERNAL_ALLOW_LIST.has('https://doi.org/10.1109/ASP-DAC47756.2020.9045288')).toBe(true);
    expect(externalAllowed('https://doi.org/10.1109/ASP-DAC47756.2020.9045288')).toBe(true);
    expect(externalAllowed('https://doi.org/10.1109/asp-dac47756.2020.9045288')).toBe(true);
    expect(externalAllowed('https://doi.org/10.1109%2FASP-DAC47756.2020.9045288')).toBe(true);
    expect(externalAllowed('https://github.com/neurosim/MLP_NeuroSim_V3.0')).toBe(true);
  });

  it.each([
    'https://doi.org/10.9999/not-cited',
    'http://doi.org/10.1109/ASP-DAC47756.2020.9045288',
    'https://user:pw@doi.org/10.1109/ASP-DAC47756.2020.9045288',
    'https://doi.org:8443/10.1109/ASP-DAC47756.2020.9045288',
    'https://evil.example/https://doi.org/10.1109/ASP-DAC47756.2020.9045288',
    'file:///etc/passwd',
    'smb://host/share',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => {
    expect(externalAllowed(url)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const dir = '/opt/hps/out/renderer';
  it('resolves files inside the renderer folder; / is index.html', () => {
    expect(appFile(dir, 'app://renderer/')).toBe(join(dir, 'index.html'));
    expect(appFile(dir, 'app://renderer/assets/index-abc.js')).toBe(join(dir, 'assets', 'index-abc.js'));
    expect(appFile(dir, 'app://renderer/assets/a%20b.css')).toBe(join(dir, 'assets', 'a b.css'));
  });

  it.each(['app://renderer/%2e%2e/%2e%2e/etc/passwd', 'app://renderer/..%2F..%2Fmain/index.js', 'app://renderer/..%5C..%5Cmain'])('keeps %s inside the renderer folder', (url) => {
    const f = appFile(dir, url);
    expect(f === null || f.startsWith(`${dir}/`)).toBe(true);
  });

  it.each(['app://renderer/..%2F..%2Fmain/index.js', 'app://renderer/%E0%A4%A', 'app://renderer/a%00b', 'app://other/index.html', 'file:///etc/passwd', 'https://renderer/index.html'])(
    'refuses %s',
    (url) => {
      expect(appFile(dir, url)).toBeNull();
    },
  );

  it('trusts IPC only from its own origin (and the dev server when set)', () => {
    expect(trustedUrl('app://renderer/index.html#/studies')).toBe(true);
    expect(trustedUrl('app://renderer.evil/index.html')).toBe(false);
    expect(trustedUrl('file:///opt/hps/out/renderer/index.html')).toBe(false);
    expect(trustedUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(trustedUrl('http://localhost:5173/')).toBe(false);
  });

  it('serves a CSP without any port wildcard: the desktop page connects nowhere but itself', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/\*/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('packaged app fuses (electron-builder.yml)', () => {
  it('turns off run-as-node, NODE_OPTIONS and inspect arguments; turns on cookie encryption, ASAR integrity and ASAR-only loading', () => {
    // The block's `key: true|false` lines (the file is YAML; this block is flat).
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?: {2}\w+: (?:true|false)\n?)+)/m.exec(text)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the renderer page carries no CSP of its own (each transport sends the policy as a header)', () => {
    expect(readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8')).not.toMatch(/Content-Security-Policy/i);
  });
});
