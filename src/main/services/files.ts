/**
 * Where the services may read and write files named by a request.
 *
 * The command line is the user's own shell: a path given there is used as given. Through the
 * browser host and the desktop IPC a request can only name a file by its plain name, inside the
 * data folder's exports/ folder (no separators, no `..`, nothing hidden); an export never replaces
 * an existing file there; and a file that cannot be read is reported by name with the system's
 * reason, never with its contents. The desktop app's save dialog returns a path the user chose in
 * the operating system's own dialog, which is used as it is.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../core/errors';

export type Transport = 'ipc' | 'http' | 'cli';

export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_. ()+-]{0,199}$/;

/** A plain file name (letters, digits, space, `_ . ( ) + -`; not starting with a dot; no `..`). */
export function checkPlainName(name: string, field: string): string {
  if (!PLAIN_NAME.test(name) || name.includes('..'))
    throw new ConfigError(`${field}: expected a plain file name (letters, digits, _ . - and spaces; no folders), got ${JSON.stringify(name.slice(0, 100))}`, {
      issues: [{ path: field, message: 'expected a plain file name inside the exports folder', value: name.slice(0, 100) }],
    });
  return name;
}

/** The file a request's `path` names, for the transport it came through. */
export function requestFile(ctx: { transport: Transport; dataDir: string }, path: string, field: string): string {
  if (ctx.transport === 'cli') return resolve(path);
  return join(exportsDir(ctx.dataDir), checkPlainName(path, field));
}

function ioError(e: unknown, file: string, field: string, doing: string): ConfigError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  const why: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a folder',
    EEXIST: 'already exists; choose another name',
    EROFS: 'read-only file system',
    ENOSPC: 'the disk is full',
  };
  const reason = why[code] ?? code;
  return new ConfigError(`${field}: cannot ${doing} ${file}: ${reason}`, { code: code === 'ENOSPC' ? 'DISK_FULL' : 'CONFIG_INVALID', issues: [{ path: field, message: `cannot ${doing}: ${reason}`, value: file }] });
}

/** Read a file named by a request; errors name the file and the reason only. */
export function readRequestFile(file: string, field: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw ioError(e, file, field, 'read');
  }
}

/**
 * Write a file named by a request. Through the host and IPC an existing file is never replaced
 * (`wx`); the command line replaces it, as shells do with `> file`.
 */
export function writeRequestFile(ctx: { transport: Transport }, file: string, data: Buffer, field: string): void {
  let fd: number | undefined;
  try {
    if (ctx.transport !== 'cli') mkdirSync(join(file, '..'), { recursive: true });
    fd = openSync(file, ctx.transport === 'cli' ? 'w' : 'wx');
  } catch (e) {
    throw ioError(e, file, field, 'write');
  }
  try {
    writeSync(fd, data);
  } catch (e) {
    // A half-written export (disk full) is worse than none.
    rmSync(file, { force: true });
    throw ioError(e, file, field, 'write');
  } finally {
    closeSync(fd);
  }
}
