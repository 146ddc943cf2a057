/**
 * Which compiled better-sqlite3 addon to load. Node (tests, CLI, browser host) uses the one npm
 * built in node_modules; Electron uses a separate build for its own ABI (npm run rebuild:electron
 * writes build/electron-native/better_sqlite3.node), so neither can break the other.
 */
let nativeBinding: string | undefined;

export function setNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

export function sqliteOptions(): { nativeBinding?: string } {
  return nativeBinding ? { nativeBinding } : {};
}
