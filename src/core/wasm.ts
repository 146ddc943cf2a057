/**
 * The few WebAssembly members the core's SIMD kernels use (device updates, tensor kernels), typed
 * here because the core is compiled without DOM or Node typings, and the base64 decoder of their
 * embedded modules.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (mod: object, imports: object) => { readonly exports: unknown };
}

/** The engine's WebAssembly object, undefined where there is none. */
export const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Bytes of one WebAssembly memory page. */
export const WASM_PAGE = 65536;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with '=' padding) to bytes. */
export function decodeBase64(b64: string): Uint8Array {
  const clean = b64.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let k = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i]!);
    if (v < 0) throw new Error(`base64: bad character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[k++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Compile an embedded (base64) SIMD module once: the module, or null and why not (no WebAssembly,
 * no SIMD in this engine, or an error), for a kernel to fall back on.
 */
export function compileSimdModule(base64: string, what: string): { module: object | null; reason: string } {
  try {
    const bytes = decodeBase64(base64);
    if (!wasmApi || !wasmApi.validate(bytes)) return { module: null, reason: 'WebAssembly SIMD not supported by this engine' };
    return { module: new wasmApi.Module(bytes), reason: '' };
  } catch (e) {
    return { module: null, reason: `${what} failed to load: ${e instanceof Error ? e.message : String(e)}` };
  }
}
