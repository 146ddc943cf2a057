/**
 * The Electron shell: one window with the security defaults listed in README.md, "Architecture" (context isolation,
 * sandbox, no node integration, CSP, no new windows, no navigation, IPC senders checked), an
 * application menu, native dialogs, a single-instance lock and remembered window state.
 * The renderer is served from app://renderer/ (app-protocol.ts) with its CSP as a header; only the
 * bibliography's links open outside (external.ts). docs/security.md maps Electron's security
 * checklist to the lines here.
 * All work goes through the same services as the CLI and the browser host; heavy work runs in the
 * worker pool, never on this thread.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type AppHandle } from '../app';
import { channelNames } from '../../shared/contract';
import { dispatch, toWireError } from '../services/dispatch';
import { appRoot } from '../paths';
import { setNativeBinding } from '../store/native';
import { contentSecurityPolicy, mimeOf } from '../renderer-files';
import { APP_INDEX, APP_SCHEME, appFile, trustedUrl } from './app-protocol';
import { externalAllowed } from './external';
import { installCrashPolicy } from '../host/policy';

const CSP = contentSecurityPolicy();

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '../renderer');

// Before the app is ready: app:// is a standard, secure scheme (a real origin for the page).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

/** Serve app://renderer/<path> from out/renderer, with the CSP as a response header. */
async function serveApp(request: Request): Promise<Response> {
  const file = appFile(rendererRoot, request.url);
  if (!file) return new Response('not found', { status: 404 });
  let target = join(rendererRoot, 'index.html');
  try {
    if ((await stat(file)).isFile()) target = file;
  } catch {
    /* a client-side route: the app */
  }
  try {
    const data = await readFile(target);
    return new Response(data, { headers: { 'content-type': mimeOf(target), 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } });
  } catch {
    return new Response('the renderer is not built: run `npm run build`', { status: 503 });
  }
}
let handle: AppHandle | undefined;
let win: BrowserWindow | undefined;

interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

function stateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function loadState(): WindowState {
  try {
    const s = JSON.parse(readFileSync(stateFile(), 'utf8')) as WindowState;
    if (s.width > 400 && s.height > 300) return s;
  } catch {
    /* first start */
  }
  return { width: 1400, height: 900 };
}

function saveState(w: BrowserWindow): void {
  const b = w.getNormalBounds();
  const s: WindowState = { width: b.width, height: b.height, x: b.x, y: b.y, maximized: w.isMaximized() };
  try {
    writeFileSync(stateFile(), JSON.stringify(s));
  } catch {
    /* not fatal */
  }
}

/** better-sqlite3 built for Electron's ABI lives apart from the Node build (npm run rebuild:electron). */
function electronSqliteBinding(): string | undefined {
  const candidates = [
    join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    join(appRoot(), 'build', 'electron-native', 'better_sqlite3.node'),
  ];
  return candidates.find((c) => existsSync(c));
}

function trustedSender(e: IpcMainInvokeEvent): boolean {
  const dev = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  return trustedUrl(e.senderFrame?.url ?? '', dev);
}

function registerIpc(h: AppHandle): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (e, payload: unknown) => {
      if (!trustedSender(e)) return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
      try {
        return { ok: true, result: (await dispatch(h.services, channel, payload)) ?? null };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    });
  }
}

function buildMenu(): void {
  const send = (what: string): void => win?.webContents.send('event:menu', what);
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Study…', accelerator: 'CmdOrCtrl+N', click: () => send('new-study') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Data Folder',
          click: () => {
            if (handle) void shell.openPath(handle.dataDir);
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const st = loadState();
  const w = new BrowserWindow({
    width: st.width,
    height: st.height,
    ...(st.x !== undefined && st.y !== undefined ? { x: st.x, y: st.y } : {}),
    show: false,
    title: 'HPS Studio',
    icon: join(appRoot(), 'resources', 'icon.png'),
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (st.maximized) w.maximize();
  w.on('ready-to-show', () => w.show());
  w.on('close', () => saveState(w));
  // New windows and navigation are refused for every web contents (web-contents-created below).
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && dev) void w.loadURL(dev);
  else void w.loadURL(APP_INDEX);
  return w;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // A main-process error that escapes every handler is logged; the window and its work go on.
  installCrashPolicy((m) => console.error(m));
  app.on('web-contents-created', (_e, contents) => {
    // Every web contents, not only our window: no <webview>, no navigation, no new windows.
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.on('will-navigate', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (externalAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, serveApp);
    // The dev server's responses get the same policy (app:// sends its own header).
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const binding = electronSqliteBinding();
    if (binding) setNativeBinding(binding);
    try {
      handle = openApp({
        transport: 'ipc',
        electron: true,
        electronUserData: app.getPath('userData'),
        dialogs: {
          openFolder: async (title) => {
            const r = await dialog.showOpenDialog(win!, { title: title ?? 'Choose a folder', properties: ['openDirectory'] });
            return r.canceled ? null : (r.filePaths[0] ?? null);
          },
          saveFile: async (name) => {
            const r = await dialog.showSaveDialog(win!, { defaultPath: name });
            return r.canceled ? null : (r.filePath ?? null);
          },
        },
      });
    } catch (e) {
      dialog.showErrorBox(
        'HPS Studio cannot open its database',
        `${(e as Error).message}\n\nIf this says the module was compiled against a different Node.js version, run \`npm run rebuild:electron\` once.`,
      );
      app.quit();
      return;
    }
    const h = handle;
    h.setBroadcast((event, payload) => {
      for (const bw of BrowserWindow.getAllWindows()) bw.webContents.send(`event:${event}`, payload);
    });
    registerIpc(h);
    buildMenu();
    win = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    void handle?.close();
  });
}
